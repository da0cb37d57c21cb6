#!/usr/bin/python3
"""The best slice AUC any classifier can reach against volume labels on a tonno dataset.

Every training and validation slice takes its volume's label, but a plane through a positive volume shows a lesion
only when it cuts one. Even a perfect lesion detector (score 1 when the plane cuts a lesion, 0 otherwise) then ranks
a lesion-free slice of a positive volume level with every slice of a negative one, so its slice AUC against volume
labels is 0.5 + f/2, f being the fraction of the positive volumes' planes that cut a lesion.

This script estimates f with random planes like tonno's validation planes over the body: a uniform random normal, an
offset uniform over the extent of the non-zero voxels along it; a plane cuts a lesion when a mask voxel centre lies
within half a voxel of it (cube coordinates, align corners, as method.md).

Usage: /usr/bin/python3 slice_auc_ceiling.py DATASET.json [--split calibration] [--planes 2000] [--seed 0]
Needs python3-nibabel and numpy (Debian packages).
"""
import argparse
import json
import os

import nibabel as nib
import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset")
    ap.add_argument("--split", default="calibration")
    ap.add_argument("--planes", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    root = os.path.dirname(os.path.abspath(a.dataset))
    with open(a.dataset) as f:
        cases = json.load(f)["cases"]
    rng = np.random.default_rng(a.seed)
    fractions = []
    for c in cases:
        if c.get("split") != a.split or c.get("label") != 1 or not c.get("mask"):
            continue
        img = np.asarray(nib.load(os.path.join(root, c["image"])).dataobj)
        mask = np.asarray(nib.load(os.path.join(root, c["mask"])).dataobj)
        n = np.array(img.shape, dtype=float)
        body = 2 * np.argwhere(img != 0) / (n - 1) - 1
        lesion = 2 * np.argwhere(mask > 0) / (n - 1) - 1
        half_voxel = 1.0 / (n.max() - 1)
        hits = 0
        for _ in range(a.planes):
            normal = rng.normal(size=3)
            normal /= np.linalg.norm(normal)
            along = body @ normal
            s = rng.uniform(along.min(), along.max())
            if (np.abs(lesion @ normal - s) < half_voxel).any():
                hits += 1
        fractions.append(hits / a.planes)
        print(f"{c['id']}: {hits / a.planes:.3f} of the planes cut a lesion")
    f = float(np.mean(fractions))
    print(f"{len(fractions)} positive {a.split} volumes: mean fraction f = {f:.3f}; "
          f"slice AUC ceiling against volume labels 0.5 + f/2 = {0.5 + f / 2:.3f}")


if __name__ == "__main__":
    main()
