package io.tonno.workflows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hash of what a stage depends on, recorded in its manifest. Deterministic (safe in workflow code):
 * SHA-256 over the parts' {@code toString}, which for the spec records lists every field in
 * declaration order, with unknown fields sorted. A new spec field therefore changes the hash of
 * the stages that depend on its record once, and those stages rerun after the upgrade; that errs
 * on the side of recomputing rather than reusing a stale artifact.
 */
public final class StageHash {
    private StageHash() {}

    /** Hex SHA-256 of the parts, separated by NUL. */
    public static String of(Object... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        for (Object part : parts) {
            digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
