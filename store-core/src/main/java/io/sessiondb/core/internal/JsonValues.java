package io.sessiondb.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Attribute values as JSON, for {@code codec=json} and {@code codec=mixed}: strings, booleans,
 * {@code Integer}s, {@code Double}s, {@code Long}s outside the {@code int} range, and {@code ArrayList}s
 * and {@code HashMap}s (string keys) of these. A value is representable only when it reads back equal
 * and of classes its webapp can cast it to, so that a webapp sees no difference: {@code 5L} reads back
 * as {@code Integer} and {@code TreeMap} as a {@code LinkedHashMap}, so neither is representable. No
 * Java deserialization is involved in reading.
 */
public final class JsonValues {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonValues() {
    }

    /** @return the value as UTF-8 JSON, or {@code null} when it is not representable */
    public static byte[] write(Object value) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(value);
            return sameAs(value, read(json)) ? json : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** @return the value of JSON bytes: String, Boolean, Integer, Long, Double, ArrayList, LinkedHashMap or null */
    public static Object read(byte[] json) throws IOException {
        return MAPPER.readValue(json, Object.class);
    }

    /** @return whether {@code bytes} hold Java serialization (which starts with 0xACED) rather than JSON */
    public static boolean isJavaSerialization(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == (byte) 0xac && bytes[1] == (byte) 0xed;
    }

    /** @return whether {@code bytes} start as a JSON value written by {@link #write} does */
    public static boolean looksLikeJson(byte[] bytes) {
        return bytes.length > 0 && "{[\"tfn-0123456789".indexOf(bytes[0]) >= 0;
    }

    private static boolean sameAs(Object original, Object read) {
        if (original == null || read == null) {
            return original == read;
        }
        if (original instanceof List<?> list) {
            return original.getClass().isInstance(read) && read instanceof List<?> back && sameElements(list, back);
        }
        if (original instanceof Map<?, ?> map) {
            if (!original.getClass().isInstance(read) || !(read instanceof Map<?, ?> back) || map.size() != back.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String) || !back.containsKey(e.getKey()) || !sameAs(e.getValue(), back.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        boolean leaf = original instanceof String || original instanceof Boolean || original instanceof Number;
        return leaf && original.getClass() == read.getClass() && original.equals(read);
    }

    private static boolean sameElements(List<?> original, List<?> read) {
        if (original.size() != read.size()) {
            return false;
        }
        Iterator<?> a = original.iterator();
        Iterator<?> b = read.iterator();
        while (a.hasNext()) {
            if (!sameAs(a.next(), b.next())) {
                return false;
            }
        }
        return true;
    }
}
