package io.tonno.classifier.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;

/**
 * LayerCAM: {@code cam = ReLU(Σ_k ReLU(g_k) ⊙ A_k)}, a weight per cell rather than per channel.
 *
 * <p>P.-T. Jiang, C.-B. Zhang, Q. Hou, M.-M. Cheng, Y. Wei, "LayerCAM: Exploring Hierarchical Class
 * Activation Maps for Localization", IEEE Transactions on Image Processing 30, 2021. As
 * {@code pytorch_grad_cam.LayerCAM} ({@code np.maximum(grads, 0) * activations}, summed over channels).
 */
public final class LayerCam extends ActivationCam {
    LayerCam(ResNet net, Stage layer, int batchSize) {
        super(CamMethod.LAYERCAM, net, layer, batchSize);
    }

    @Override
    protected NDArray weights(Inputs in) {
        return Activation.relu(in.gradients());
    }
}
