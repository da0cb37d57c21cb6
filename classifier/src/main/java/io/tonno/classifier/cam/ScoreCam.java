package io.tonno.classifier.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;

/**
 * ScoreCAM: each channel {@code A_k}, upsampled (bilinear, align corners) to the input size and min-max
 * normalised to {@code [0, 1]} ({@code (x - min)/(max - min + 1e-8)}), masks the prepared input
 * {@code (3, H, W)}; {@code score_k} is the raw logit of the masked input; {@code w = softmax_k(score)},
 * {@code cam = ReLU(Σ_k w_k A_k)}. No gradients.
 *
 * <p>H. Wang, Z. Wang, M. Du, F. Yang, Z. Zhang, S. Ding, P. Mardziel, X. Hu, "Score-CAM: Score-Weighted
 * Visual Explanations for Convolutional Neural Networks", CVPR Workshops 2020. As
 * {@code pytorch_grad_cam.ScoreCAM} ({@code UpsamplingBilinear2d}, masking of the network's input tensor,
 * softmax over channels).
 *
 * <p>Cost: {@code C} extra forward passes per slice (64 to 2048 channels), run {@code batchSize} masked
 * inputs at a time; native memory is bounded by one such batch.
 */
public final class ScoreCam extends ActivationCam {
    private static final float NORM_EPS = 1e-8f;

    ScoreCam(ResNet net, Stage layer, int batchSize) {
        super(CamMethod.SCORECAM, net, layer, batchSize);
    }

    @Override
    protected boolean needsGradients() {
        return false;
    }

    @Override
    protected NDArray weights(Inputs in) {
        long[] as = in.activations().getShape().getShape();
        long[] xs = in.input().getShape().getShape();
        int n = (int) as[0];
        int c = (int) as[1];
        int h = (int) as[2];
        int w = (int) as[3];
        int bigH = (int) xs[2];
        int bigW = (int) xs[3];
        float[] a = in.activations().toFloatArray();
        float[] x = in.input().toFloatArray();
        float[] rows = Bilinear.toFloat(Bilinear.alignCorners(h, bigH));
        float[] colsT = Bilinear.transposeToFloat(Bilinear.alignCorners(w, bigW), bigW, w);
        int cell = h * w;
        int image = 3 * bigH * bigW;
        float[] scores = new float[n * c];
        NDManager parent = in.activations().getManager();
        for (int s = 0; s < n; s++) {
            for (int c0 = 0; c0 < c; c0 += in.batchSize()) {
                int k = Math.min(in.batchSize(), c - c0);
                // A sub-manager per chunk frees the masked inputs before the next chunk.
                try (NDManager m = parent.newSubManager()) {
                    NDArray ak = m.create(
                            java.util.Arrays.copyOfRange(a, (s * c + c0) * cell, (s * c + c0 + k) * cell),
                            new Shape(k, h, w));
                    NDArray up =
                            m.create(rows, new Shape(bigH, h)).matMul(ak.matMul(m.create(colsT, new Shape(w, bigW))));
                    NDArray flat = up.reshape(k, (long) bigH * bigW);
                    NDArray min = flat.min(new int[] {1}, true);
                    NDArray max = flat.max(new int[] {1}, true);
                    NDArray mask = flat.sub(min).div(max.sub(min).add(NORM_EPS)).reshape(k, 1, bigH, bigW);
                    NDArray image0 = m.create(
                            java.util.Arrays.copyOfRange(x, s * image, (s + 1) * image), new Shape(1, 3, bigH, bigW));
                    float[] logits =
                            in.net().forward(image0.mul(mask)).get(":, 0").toFloatArray();
                    System.arraycopy(logits, 0, scores, s * c + c0, k);
                }
            }
        }
        return parent.create(scores, new Shape(n, c)).softmax(1).reshape(n, c, 1, 1);
    }
}
