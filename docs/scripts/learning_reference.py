"""Reference experiment for the MR brain learning benchmark (docs/classifier.md, "Clean slice labels").

A plain PyTorch 1.13 (Debian python3-torch) ResNet-10-T with batch norm trained on random oblique 64x64 planes of a
`tonno synth --anatomy brain` set, outside tonno, to tell the difficulty of the task from tonno's code:
  --task weak     every slice takes its volume's label (the paper's per-slice loss; --loss lse pools each volume)
  --task oracle   a slice's label is whether it cuts a lesion (from the mask): clean labels, the upper bound
  --task pretext  synthetic blobs as in `tonno pretrain` (both signs, semi-axes 2-6 px, contrast 0.2-0.6)
--darken F multiplies every lesion voxel (mask > 0) by 1 - F after loading: more visible lesions, to tell how far
the benchmark's contrast decides. --size S cuts S x S planes over the same field of view; --stride 1 drops the stem's
first stride. --init-scheme timm initialises like tonno (ResNetInit) instead of PyTorch's defaults.
Validation: 64 fixed planes per calibration volume; volume AUC of the mean of the top 8 logits, slice AUC against
the volume label, lesion-slice AUC against "the plane cuts a lesion".

  /usr/bin/python3 docs/scripts/learning_reference.py --dataset data/brain120 --task oracle --steps 1500 --lr 1e-3
"""
import json, sys, time, argparse, math
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import nibabel as nib
from scipy.ndimage import map_coordinates

ap = argparse.ArgumentParser()
ap.add_argument('--task', default='pretext')
ap.add_argument('--dataset', required=True)
ap.add_argument('--steps', type=int, default=300)
ap.add_argument('--lr', type=float, default=2e-3)
ap.add_argument('--stride', type=int, default=2)
ap.add_argument('--pool', type=int, default=1)
ap.add_argument('--B', type=int, default=8)
ap.add_argument('--M', type=int, default=8)
ap.add_argument('--loss', default='slice')
ap.add_argument('--size', type=int, default=64)
ap.add_argument('--init', default=None)
ap.add_argument('--save', default=None)
ap.add_argument('--val', type=int, default=100)
ap.add_argument('--width', type=float, default=1.0)
ap.add_argument('--gpool', default='avg')
ap.add_argument('--darken', type=float, default=0)
ap.add_argument('--dense', type=float, default=0)
ap.add_argument('--threads', type=int, default=2)
ap.add_argument('--seed', type=int, default=0)
ap.add_argument('--init-scheme', default='pytorch', choices=['pytorch', 'timm'])
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
rng = np.random.default_rng(a.seed)
D = a.dataset.rstrip('/') + '/'
man = json.load(open(D + 'dataset.json'))

def load(split):
    out = []
    for c in man['cases']:
        if c['split'] != split: continue
        img = nib.load(D + c['image']).get_fdata().astype(np.float32)
        msk = nib.load(D + c['mask']).get_fdata().astype(np.float32)
        if a.darken > 0: img = img * (1 - a.darken * (msk > 0))
        pts = np.argwhere(img > 0)[::7].astype(np.float32)
        out.append((img, msk, c['label'], pts))
    return out
train = load('train'); val = load('calibration')
print('loaded', len(train), len(val), flush=True)
S = a.size
grid = ((np.arange(S) - (S - 1) / 2) * (64.0 / S)).astype(np.float32)

def plane(vol, n=None, s=None):
    img, msk, lab, pts = vol
    if n is None:
        z = rng.uniform(-1, 1); phi = rng.uniform(0, 2 * np.pi); r = math.sqrt(1 - z * z)
        n = np.array([r * math.cos(phi), r * math.sin(phi), z], np.float32)
    c = np.array(img.shape, np.float32) / 2 - 0.5
    proj = (pts - c) @ n
    if s is None: s = rng.uniform(proj.min(), proj.max())
    t = np.array([1, 0, 0], np.float32) if abs(n[0]) < 0.9 else np.array([0, 1, 0], np.float32)
    u = np.cross(n, t); u /= np.linalg.norm(u); v = np.cross(n, u)
    th = rng.uniform(0, 2 * np.pi)
    u, v = math.cos(th) * u + math.sin(th) * v, -math.sin(th) * u + math.cos(th) * v
    P = c + s * n + grid[:, None, None] * u + grid[None, :, None] * v
    return P.reshape(-1, 3).T

def cut(vol, P, mask=False):
    return map_coordinates(vol[1] if mask else vol[0], P, order=1, mode='constant').reshape(S, S)

def blobs(x):
    lab = np.zeros(len(x), np.float32)
    global MASKS
    MASKS = np.zeros(x.shape, np.float32)
    yy, xx = np.mgrid[0:S, 0:S]
    for k in range(len(x)):
        if rng.random() >= 0.5: continue
        nz = np.argwhere(x[k] > 0)
        if len(nz) == 0: continue
        cy, cx = nz[rng.integers(len(nz))]
        ra, rb = rng.uniform(2, 6, 2); ang = rng.uniform(0, np.pi); cc = rng.uniform(0.2, 0.6)
        sign = -1 if rng.random() < 0.5 else 1
        dy, dx = yy - cy, xx - cx
        p = (math.cos(ang) * dx + math.sin(ang) * dy) / ra; q = (-math.sin(ang) * dx + math.cos(ang) * dy) / rb
        rho = np.sqrt(p * p + q * q); R = math.sqrt(ra * rb)
        w = np.clip((1 - rho) * R / 1.5 + 0.5, 0, 1)
        x[k] = np.where(x[k] != 0, x[k] * (1 + sign * cc * w), 0)
        lab[k] = 1
        MASKS[k] = (w >= 0.5) & (x[k] != 0)
    return lab

def batch():
    xs, ys, ls = [], [], []
    for b in range(a.B):
        vi = rng.integers(len(train)) if a.task == 'pretext' else (rng.choice([i for i in range(len(train)) if train[i][2] == b % 2]))
        vol = train[vi]
        for m in range(a.M):
            P = plane(vol)
            xs.append(cut(vol, P)); ys.append(vol[2]); ls.append(cut(vol, P, True).max() >= 0.5)
    x = np.stack(xs)
    if a.task == 'pretext':
        y = blobs(x)
    elif a.task == 'oracle':
        y = np.array(ls, np.float32)
    else:
        y = np.array(ys, np.float32)
    # intensity aug
    for k in range(len(x)):
        g = math.exp(rng.uniform(math.log(0.8), math.log(1.25))); ct = math.exp(rng.uniform(math.log(0.8), math.log(1.25)))
        x[k] = ct * np.sign(x[k]) * np.abs(x[k]) ** g + rng.uniform(-0.1, 0.1) + rng.uniform(0, 0.03) * rng.standard_normal((S, S))
    return torch.from_numpy(x[:, None].astype(np.float32)), torch.from_numpy(y)

def bn(c): return nn.BatchNorm2d(c)
class Block(nn.Module):
    def __init__(s, i, o, st):
        super().__init__()
        s.c1 = nn.Conv2d(i, o, 3, st, 1, bias=False); s.b1 = bn(o); s.c2 = nn.Conv2d(o, o, 3, 1, 1, bias=False); s.b2 = bn(o)
        s.d = None if st == 1 and i == o else nn.Sequential(nn.AvgPool2d(st) if st > 1 else nn.Identity(), nn.Conv2d(i, o, 1, bias=False), bn(o))
    def forward(s, x):
        y = F.relu(s.b1(s.c1(x))); y = s.b2(s.c2(y))
        return F.relu(y + (x if s.d is None else s.d(x)))
def W(c): return int(c * a.width)
class Net(nn.Module):
    def __init__(s):
        super().__init__()
        s.stem = nn.Sequential(nn.Conv2d(1, W(24), 3, a.stride, 1, bias=False), bn(W(24)), nn.ReLU(), nn.Conv2d(W(24), W(32), 3, 1, 1, bias=False), bn(W(32)), nn.ReLU(), nn.Conv2d(W(32), W(64), 3, 1, 1, bias=False), bn(W(64)), nn.ReLU())
        s.pool = nn.MaxPool2d(3, 2, 1) if a.pool else nn.Identity()
        s.l = nn.Sequential(Block(W(64), W(64), 1), Block(W(64), W(128), 2), Block(W(128), W(256), 2), Block(W(256), W(512), 2))
        s.fc = nn.Linear(W(512), 1)
        s.dh = nn.Conv2d(W(128), 1, 1)
    def forward(s, x):
        f = s.l[1](s.l[0](s.pool(s.stem(x))))
        s.dense_out = s.dh(f)[:, 0]
        f = s.l[3](s.l[2](f))
        f = f.mean((2, 3)) if a.gpool == 'avg' else f.amax((2, 3))
        return s.fc(f)[:, 0]
net = Net()
if a.init_scheme == 'timm':
    # tonno's ResNetInit: convs Kaiming-normal fan-out (ReLU), norms 1/0 except the last norm of each residual
    # branch at 0 (timm's zero_init_last); the Linear keeps PyTorch's default.
    for mod in net.modules():
        if isinstance(mod, nn.Conv2d): nn.init.kaiming_normal_(mod.weight, mode='fan_out', nonlinearity='relu')
    for blk in net.l: nn.init.zeros_(blk.b2.weight)
if a.init: net.load_state_dict(torch.load(a.init))
opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=0.05)

# fixed validation planes
vrng = np.random.default_rng(7)
VP = []
for vol in val:
    planes = []
    for k in range(64):
        z = vrng.uniform(-1, 1); phi = vrng.uniform(0, 2 * np.pi); r = math.sqrt(1 - z * z)
        n = np.array([r * math.cos(phi), r * math.sin(phi), z], np.float32)
        c = np.array(vol[0].shape, np.float32) / 2 - 0.5; proj = (vol[3] - c) @ n
        s = proj.min() + (k + 0.5) / 64 * (proj.max() - proj.min())
        P = plane(vol, n, s)
        planes.append((cut(vol, P), cut(vol, P, True).max() >= 0.5))
    VP.append(planes)

def auc(s, y):
    s = np.asarray(s); y = np.asarray(y)
    pos = s[y == 1]; neg = s[y == 0]
    if len(pos) == 0 or len(neg) == 0: return float('nan')
    return ((pos[:, None] > neg[None]).sum() + 0.5 * (pos[:, None] == neg[None]).sum()) / (len(pos) * len(neg))

def validate():
    net.eval(); ss, ls, vs, vl = [], [], [], []
    with torch.no_grad():
        for vol, planes in zip(val, VP):
            x = torch.from_numpy(np.stack([p[0] for p in planes])[:, None].astype(np.float32))
            z = net(x).numpy()
            ss += list(z); ls += [p[1] for p in planes]
            vs.append(np.sort(z)[-8:].mean()); vl.append(vol[2])
    net.train()
    vlab = [v[2] for v in val for _ in range(64)]
    return auc(vs, vl), auc(ss, vlab), auc(ss, [1 if l else 0 for l in ls])

t0 = time.time(); run = 0
if a.init: print('step 0 val volAUC %.3f sliceAUC %.3f lesionSliceAUC %.3f' % validate(), flush=True)
for step in range(1, a.steps + 1):
    lr = a.lr * min(1, step / 50) * 0.5 * (1 + math.cos(math.pi * step / a.steps))
    for g in opt.param_groups: g['lr'] = lr
    x, y = batch()
    z = net(x)
    if a.loss == 'lse':
        zz = z.view(a.B, a.M); r = 5.0
        pooled = (torch.logsumexp(r * zz, 1) - math.log(a.M)) / r
        loss = F.binary_cross_entropy_with_logits(pooled, y.view(a.B, a.M)[:, 0])
    else:
        loss = F.binary_cross_entropy_with_logits(z, y)
    if a.dense > 0:
        m = torch.from_numpy(MASKS)[:, None]
        t = F.adaptive_max_pool2d(m, net.dense_out.shape[-1])[:, 0]
        loss = loss + a.dense * F.binary_cross_entropy_with_logits(net.dense_out, t)
    opt.zero_grad(); loss.backward(); opt.step()
    run = 0.95 * run + 0.05 * loss.item() if step > 1 else loss.item()
    if step % 25 == 0: print('step %d loss %.3f  %.0fs' % (step, run, time.time() - t0), flush=True)
    if step % a.val == 0: print('step %d val volAUC %.3f sliceAUC %.3f lesionSliceAUC %.3f  %.0fs' % ((step,) + validate() + (time.time() - t0,)), flush=True)
if a.save: torch.save(net.state_dict(), a.save)
