import json, sys, numpy as np, nibabel as nib
from PIL import Image, ImageDraw
ds = json.load(open('ds/dataset.json'))
rows = []; tiles = []
def auc(pos, neg):
    allv = np.concatenate([pos, neg]); r = allv.argsort().argsort() + 1.0
    return (r[:len(pos)].sum() - len(pos)*(len(pos)+1)/2) / (len(pos)*len(neg))
def gray(a, lo, hi):
    a = np.clip((a - lo) / (hi - lo + 1e-12), 0, 1); return (a * 255).astype(np.uint8)
def diverging(a, m):
    a = np.clip(a / (m + 1e-12), -1, 1); out = np.zeros(a.shape + (3,), np.uint8)
    out[..., 0] = np.where(a > 0, 255, (255 * (1 + a))).astype(np.uint8)
    out[..., 2] = np.where(a < 0, 255, (255 * (1 - a))).astype(np.uint8)
    out[..., 1] = (255 * (1 - np.abs(a))).astype(np.uint8); return out
for c in ds['cases']:
    if c['split'] != 'test' or c['label'] != 1: continue
    img = nib.load('ds/' + c['image']).get_fdata(); mask = nib.load('ds/' + c['mask']).get_fdata() > 0
    heat = nib.load('heat/%s.nii.gz' % c['id']).get_fdata()
    body = img > 0
    inside = np.where(body, heat, -np.inf); peak = np.unravel_index(np.argmax(inside), heat.shape)
    a = auc(heat[body & mask], heat[body & ~mask])
    rows.append(dict(case=c['id'], peakInLesion=bool(mask[peak]), voxelAuc=round(float(a), 4),
                     meanLesion=round(float(heat[mask].mean()), 4), meanBody=round(float(heat[body & ~mask].mean()), 4)))
    k = int(np.argmax(mask.sum(axis=(0, 1))))
    m = np.abs(heat[body]).max()
    t = [np.stack([gray(img[:, :, k], 0, 1)] * 3, -1), np.stack([(mask[:, :, k] * 255).astype(np.uint8)] * 3, -1),
         diverging(np.where(body[:, :, k], heat[:, :, k], 0), m)]
    tiles.append([np.rot90(x) for x in t])
print(json.dumps(rows, indent=1))
print('peaks in lesion: %d/%d, mean voxel AUC %.3f' % (sum(r['peakInLesion'] for r in rows), len(rows), np.mean([r['voxelAuc'] for r in rows])))
S = 6; n = tiles[0][0].shape[0] * S
canvas = Image.new('RGB', (3 * n + 40, len(tiles) * (n + 10) + 30), 'white'); d = ImageDraw.Draw(canvas)
for j, title in enumerate(['image', 'lesion mask', 'ToNNO heatmap (inside body)']): d.text((j * (n + 20) + 5, 5), title, fill='black')
for i, row in enumerate(tiles):
    for j, t in enumerate(row):
        canvas.paste(Image.fromarray(np.ascontiguousarray(t)).resize((n, n), Image.NEAREST), (j * (n + 20), 25 + i * (n + 10)))
canvas.save(sys.argv[1] if len(sys.argv) > 1 else 'fig.png')
