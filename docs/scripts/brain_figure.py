"""Figure of one brain benchmark case: for each lesion, the axial slice through its centre (plain and with the
lesion outlined) and the coronal slice (outlined). Neurological convention (the subject's right on the right).

Usage: /usr/bin/python3 docs/scripts/brain_figure.py DATASET_DIR CASE_ID OUT.png
Needs the Debian packages python3-nibabel, python3-matplotlib and python3-scipy.
"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nibabel as nib  # noqa: E402
import numpy as np  # noqa: E402
from scipy import ndimage  # noqa: E402


def main(dataset, case, out):
    img = np.asanyarray(nib.load(f"{dataset}/images/{case}.nii.gz").dataobj).astype(np.float32)
    mask = np.asanyarray(nib.load(f"{dataset}/masks/{case}.nii.gz").dataobj) > 0
    labels, count = ndimage.label(mask)
    if count == 0:
        sys.exit(f"{case} has no lesion")
    centres = ndimage.center_of_mass(mask, labels, range(1, count + 1))
    vmax = np.percentile(img[img > 0], 99.5)
    fig, axes = plt.subplots(count, 3, figsize=(7.5, 2.6 * count), squeeze=False)
    for row, (ci, cj, ck) in enumerate(centres):
        i, j, k = int(round(ci)), int(round(cj)), int(round(ck))
        views = [("axial k=%d" % k, img[:, :, k], mask[:, :, k], False),
                 ("axial k=%d, lesion outlined" % k, img[:, :, k], mask[:, :, k], True),
                 ("coronal j=%d, lesion outlined" % j, img[:, j, :], mask[:, j, :], True)]
        for col, (title, sl, m, outline) in enumerate(views):
            ax = axes[row][col]
            ax.imshow(sl.T, origin="lower", cmap="gray", vmin=0, vmax=vmax, interpolation="nearest")
            if outline:
                ax.contour(m.T.astype(float), levels=[0.5], colors="#ff3030", linewidths=0.8)
            ax.set_title(title, fontsize=8)
            ax.set_axis_off()
    fig.suptitle(f"{case}: {count} lesion(s)", fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=80)


if __name__ == "__main__":
    main(*sys.argv[1:4])
