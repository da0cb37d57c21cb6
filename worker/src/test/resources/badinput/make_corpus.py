#!/usr/bin/python3
"""Writes the committed part of the bad-input corpus (run from this folder; needs numpy, nibabel, pydicom).

usage: /usr/bin/python3 make_corpus.py
Every file is tiny (a few KB). corpus.json lists every entry, including those a test generates at run
time; this script only writes files. Re-running it rewrites the same files (fixed seeds, fixed UIDs
are not needed: the tests only check the refusal messages)."""
import gzip
import json
import os
import shutil
import struct
import subprocess
import sys

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_DICOM = os.path.join(HERE, '..', '..', '..', '..', '..', 'imaging', 'src', 'test', 'resources', 'fixtures',
                          'make_dicom.py')


def path(*p):
    full = os.path.join(HERE, *p)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def good_bytes(shape=(6, 6, 6), seed=0):
    rng = np.random.default_rng(seed)
    data = rng.random(shape, dtype=np.float32)
    img = nib.Nifti1Image(data, np.diag([1.5, 1.5, 2.0, 1.0]))
    img.header.set_data_dtype(np.float32)
    return img.to_bytes()


def patch(b, offset, fmt, value):
    b = bytearray(b)
    struct.pack_into('<' + fmt, b, offset, value)
    return bytes(b)


def write(name, data):
    with open(path(name), 'wb') as f:
        f.write(data)


def main():
    good = good_bytes()
    # Good volumes for manifests (inside the corpus root, so manifests never leave their folder).
    for i in range(4):
        write(f'vol/good{i}.nii.gz', gzip.compress(good_bytes(seed=i), mtime=0))
    mask = nib.Nifti1Image((np.arange(216).reshape(6, 6, 6) % 7 == 0).astype(np.uint8), np.diag([1.5, 1.5, 2.0, 1.0]))
    write('vol/mask-6.nii.gz', gzip.compress(mask.to_bytes(), mtime=0))
    small = nib.Nifti1Image(np.zeros((5, 6, 6), np.uint8), np.diag([1.5, 1.5, 2.0, 1.0]))
    write('vol/mask-5.nii.gz', gzip.compress(small.to_bytes(), mtime=0))

    # NIfTI: header offsets of NIfTI-1 (sizeof_hdr 0, dim 40, datatype 70, bitpix 72, vox_offset 108, magic 344).
    write('nifti/truncated-data.nii', good[:-40])
    write('nifti/truncated-header.nii', good[:200])
    write('nifti/bad-magic.nii', good[:344] + b'xx1\0' + good[348:])
    write('nifti/zero-dim.nii', patch(good, 44, 'h', 0))
    write('nifti/negative-dim.nii', patch(good, 46, 'h', -6))
    huge = patch(patch(patch(good, 42, 'h', 32000), 44, 'h', 32000), 46, 'h', 32000)
    write('nifti/enormous-dims.nii', huge)
    write('nifti/vox-offset-inside-header.nii', patch(good, 108, 'f', 100.0))
    write('nifti/vox-offset-past-end.nii', patch(good, 108, 'f', 1e6))
    write('nifti/unknown-datatype.nii', patch(patch(good, 70, 'h', 1234), 72, 'h', 32))
    nan = bytearray(good)
    struct.pack_into('<f', nan, 352 + 4 * 17, float('nan'))
    write('nifti/nan-voxels.nii', bytes(nan))
    inf = bytearray(good)
    struct.pack_into('<f', inf, 352 + 4 * 3, float('inf'))
    write('nifti/inf-voxels.nii.gz', gzip.compress(bytes(inf), mtime=0))
    gz = bytearray(gzip.compress(good, mtime=0))
    gz[-8] ^= 0xFF  # CRC32 of the trailer
    write('nifti/gzip-bad-crc.nii.gz', bytes(gz))
    gz = gzip.compress(good, mtime=0)
    write('nifti/gzip-truncated.nii.gz', gz[:len(gz) // 2])
    write('nifti/not-gzip.nii.gz', good)
    write('nifti/four-d.nii', patch(patch(good, 40, 'h', 4), 48, 'h', 3))

    # DICOM folders, written by the imaging module's pydicom fixture script.
    for name, args in [('mixed-series', ['ct', '--second-series']), ('missing-slice', ['ct', '--drop-slice', '4'])]:
        out = os.path.join(HERE, 'dicom', name)
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([sys.executable, MAKE_DICOM, out, *args], check=True, stdout=subprocess.DEVNULL)
    os.makedirs(os.path.join(HERE, 'dicom', 'non-image'), exist_ok=True)
    write('dicom/non-image/README.txt', b'not an image\n')
    write('dicom/non-image/notes.dcm', b'DICM? no: plain text with a .dcm name\n')


def case(id, image, label, split, mask=None):
    c = {'id': id, 'image': image, 'label': label, 'split': split}
    if mask:
        c['mask'] = mask
    return c


# A complete, valid set of cases: both classes in train, a calibration and a test case. Each bad manifest
# puts its bad case first (so a local verb fails before writing anything) and adds these, so that the
# bad case is the only problem.
BASE = [case('train0', 'vol/good0.nii.gz', 0, 'train'), case('train1', 'vol/good1.nii.gz', 1, 'train'),
        case('calib0', 'vol/good2.nii.gz', 1, 'calibration', 'vol/mask-6.nii.gz'),
        case('test0', 'vol/good3.nii.gz', 0, 'test')]


def manifest(name, cases, raw=None):
    text = raw if raw is not None else json.dumps({'name': name, 'cases': cases}, indent=1, ensure_ascii=True) + '\n'
    with open(path(f'manifest-{name}.json'), 'w') as f:
        f.write(text)


def manifests():
    manifest('missing-file', [case('bad', 'vol/nope.nii.gz', 1, 'test')] + BASE)
    manifest('duplicate-id', [case('train0', 'vol/good3.nii.gz', 1, 'test')] + BASE)
    manifest('unsafe-id', [case('../x', 'vol/good3.nii.gz', 1, 'test')] + BASE)
    manifest('absolute-id', [case('/etc/x', 'vol/good3.nii.gz', 1, 'test')] + BASE)
    manifest('control-char-id', [case('bad\u0007id', 'vol/good3.nii.gz', 1, 'test')] + BASE)
    manifest('backslash-id', [case('a\\b', 'vol/good3.nii.gz', 1, 'test')] + BASE)
    manifest('absolute-path', [case('bad', '/etc/hostname', 1, 'test')] + BASE)
    manifest('escaping-path', [case('bad', '../../outside.nii.gz', 1, 'test')] + BASE)
    manifest('label-2', [case('bad', 'vol/good3.nii.gz', 2, 'test')] + BASE)
    manifest('mask-shape', [case('bad', 'vol/good3.nii.gz', 1, 'test', 'vol/mask-5.nii.gz')] + BASE)
    manifest('one-class', [case('bad', 'vol/good3.nii.gz', 0, 'train')]
             + [c if c['id'] != 'train1' else dict(c, label=0) for c in BASE])
    manifest('syntax', None, raw='{"name": "syntax", "cases": [{"id": "a", "image": "vol/good0.nii.gz",}\n')
    manifest('enormous-volume', [case('bad', 'nifti/enormous-dims.nii', 1, 'test')] + BASE)
    manifest('dicom-mixed-series', [case('bad', 'dicom/mixed-series', 1, 'test')] + BASE)
    manifest('dicom-missing-slice', [case('bad', 'dicom/missing-slice', 1, 'test')] + BASE)
    manifest('dicom-non-image', [case('bad', 'dicom/non-image', 1, 'test')] + BASE)


def spec(name, value=None, raw=None):
    text = raw if raw is not None else json.dumps(value, indent=1, ensure_ascii=True) + '\n'
    with open(path(f'specs/{name}.json'), 'w') as f:
        f.write(text)


def specs():
    def s(**kw):
        d = {'experimentId': 'bad-spec', 'dataset': 'dataset.json'}
        d.update(kw)
        return d
    spec('unknown-field', s(trainig={'steps': 10}))
    spec('unknown-nested-field', s(model={'sliceSize': 32, 'colour': 'red'}))
    spec('negative-directions', s(methods=[{'name': 'tonno', 'directions': -5, 'slices': 8}]))
    spec('slices-below-3', s(methods=[{'name': 'tonno', 'directions': 16, 'slices': 2}]))
    spec('slice-size-0', s(model={'sliceSize': 0}))
    spec('slice-size-100000', s(model={'sliceSize': 100000}))
    spec('steps-wrong-type', s(training={'steps': 'many'}))
    spec('methods-wrong-type', s(methods='tonno'))
    spec('syntax-error', raw='{"experimentId": "bad-spec", "dataset": "dataset.json",\n "training": {"steps": 10\n')
    spec('not-an-object', raw='[1, 2, 3]\n')
    spec('directions-times-slices', s(methods=[{'name': 'tonno', 'directions': 20000, 'slices': 1000}],
                                      fanout={'directionsPerChunk': 1000}))
    spec('batch-too-large', s(training={'volumesPerBatch': 256, 'slicesPerVolume': 256}))
    spec('steps-too-many', s(training={'steps': 2000000}))
    spec('experiment-id-traversal', dict(s(), experimentId='../x'))
    spec('experiment-id-control-char', dict(s(), experimentId='exp\u0001'))
    spec('experiment-id-backslash', dict(s(), experimentId='a\\b'))
    spec('null-method', s(methods=[None]))
    spec('too-many-methods', s(methods=[{'name': 'tonno', 'label': f'm{i}'} for i in range(40)]))


if __name__ == '__main__':
    main()
    manifests()
    specs()
