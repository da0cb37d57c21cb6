package io.tonno.classifier.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;

/**
 * GradCAM++: {@code α = g² / (2g² + (Σ_ab A_k(a, b))·g³ + ε)} with {@code α = 0} where {@code g = 0},
 * {@code w_k = Σ_ij α ReLU(g)}, {@code cam = ReLU(Σ_k w_k A_k)}; {@code ε = 1e-6}.
 *
 * <p>A. Chattopadhyay, A. Sarkar, P. Howlader, V. N. Balasubramanian, "Grad-CAM++: Generalized
 * Gradient-based Visual Explanations for Deep Convolutional Networks", WACV 2018. The closed form with the
 * exponential's higher derivatives replaced by powers of the first, as {@code pytorch_grad_cam.GradCAMPlusPlus}.
 */
public final class GradCamPlusPlus extends ActivationCam {
    static final float EPS = 1e-6f;

    GradCamPlusPlus(ResNet net, Stage layer, int batchSize) {
        super(CamMethod.GRADCAMPP, net, layer, batchSize);
    }

    @Override
    protected NDArray weights(Inputs in) {
        NDArray g = in.gradients();
        NDArray g2 = g.mul(g);
        NDArray g3 = g2.mul(g);
        NDArray sumA = in.activations().sum(new int[] {2, 3}, true);
        NDArray alpha = g2.div(g2.mul(2).add(sumA.mul(g3)).add(EPS));
        alpha = NDArrays.where(g.neq(0), alpha, alpha.zerosLike());
        return alpha.mul(Activation.relu(g)).sum(new int[] {2, 3}, true);
    }
}
