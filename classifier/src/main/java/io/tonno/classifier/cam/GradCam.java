package io.tonno.classifier.cam;

import ai.djl.ndarray.NDArray;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;

/**
 * GradCAM: {@code w_k = mean_ij g_k(i, j)}, {@code cam = ReLU(Σ_k w_k A_k)}.
 *
 * <p>R. R. Selvaraju, M. Cogswell, A. Das, R. Vedantam, D. Parikh, D. Batra, "Grad-CAM: Visual
 * Explanations from Deep Networks via Gradient-based Localization", ICCV 2017. As
 * {@code pytorch_grad_cam.GradCAM} ({@code np.mean(grads, axis=(2, 3))}).
 */
public final class GradCam extends ActivationCam {
    GradCam(ResNet net, Stage layer, int batchSize) {
        super(CamMethod.GRADCAM, net, layer, batchSize);
    }

    @Override
    protected NDArray weights(Inputs in) {
        NDArray g = in.gradients();
        long cells = g.getShape().get(2) * g.getShape().get(3);
        // PyTorch's mean over several axes is not exposed by DJL's engine: sum, then divide.
        return g.sum(new int[] {2, 3}, true).div(cells);
    }
}
