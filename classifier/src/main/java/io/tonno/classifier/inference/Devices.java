package io.tonno.classifier.inference;

import ai.djl.Device;
import java.util.Locale;

/**
 * Parses device settings: {@code cpu}, {@code gpu} (= {@code gpu:0}) or {@code gpu:N}. Remembers whether a
 * GPU was ever asked for in this JVM, so that the engine's CUDA probe warnings are shown only then (on a
 * machine without a GPU, DJL warns twice at every engine load that it found no usable CUDA driver).
 */
public final class Devices {
    private static volatile boolean gpuRequested;

    private Devices() {
    }

    /** Whether {@link #parse} has returned a GPU device in this JVM. */
    public static boolean gpuRequested() {
        return gpuRequested;
    }

    /** @throws IllegalArgumentException for anything else, with the accepted forms */
    public static Device parse(String setting) {
        String s = setting.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu")) {
            gpuRequested = true;
            return Device.gpu(0);
        }
        if (s.startsWith("gpu:")) {
            try {
                int id = Integer.parseInt(s.substring(4));
                if (id >= 0) {
                    gpuRequested = true;
                    return Device.gpu(id);
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + setting + "', expected cpu, gpu or gpu:N");
    }
}
