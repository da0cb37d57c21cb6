package io.tonno.imaging.dataset;

/**
 * Rules for identifiers that become parts of file names and artifact-store keys (case ids, experiment ids):
 * 1 to 128 characters from {@code [A-Za-z0-9._-]}, not starting with a dot, and never containing
 * {@code ..}. These keep a key inside its folder on every file system and object store.
 */
public final class SafeKeys {
    /** Longest accepted key. */
    public static final int MAX_LENGTH = 128;

    private SafeKeys() {}

    /** Why {@code key} is unsafe, or {@code null} when it is safe. */
    public static String problem(String key) {
        if (key == null || key.isEmpty()) {
            return "must not be empty";
        }
        if (key.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, got " + key.length();
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                return "\"" + printable(key) + "\" contains '" + printable(String.valueOf(c))
                        + "'; only letters, digits, '.', '_' and '-' are allowed";
            }
        }
        if (key.startsWith(".")) {
            return "\"" + key + "\" must not start with '.'";
        }
        if (key.contains("..")) {
            return "\"" + key + "\" must not contain '..'";
        }
        return null;
    }

    /**
     * {@code text} with control and non-ASCII characters written as Java escapes (backslash, {@code u}, four
     * hex digits), so that a message quoting untrusted input stays on one line and shows what was there.
     */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** True when {@code key} is safe. */
    public static boolean isSafe(String key) {
        return problem(key) == null;
    }

    /**
     * Returns {@code key} when safe.
     *
     * @throws IllegalArgumentException naming the rule that {@code key} breaks
     */
    public static String check(String key) {
        String p = problem(key);
        if (p != null) {
            throw new IllegalArgumentException("unsafe storage key: " + p);
        }
        return key;
    }
}
