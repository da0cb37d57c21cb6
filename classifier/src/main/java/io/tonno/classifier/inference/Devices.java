package io.tonno.classifier.inference;

import ai.djl.Device;
import java.util.Locale;

/** Parses device settings: {@code cpu}, {@code gpu} (= {@code gpu:0}) or {@code gpu:N}. */
public final class Devices {
    private Devices() {
    }

    /** @throws IllegalArgumentException for anything else, with the accepted forms */
    public static Device parse(String setting) {
        String s = setting.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu")) {
            return Device.gpu(0);
        }
        if (s.startsWith("gpu:")) {
            try {
                int id = Integer.parseInt(s.substring(4));
                if (id >= 0) {
                    return Device.gpu(id);
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + setting + "', expected cpu, gpu or gpu:N");
    }
}
