package io.sessiondb.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sessiondb.core.internal.JsonValues;
import io.sessiondb.core.internal.ValueCipher;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * How an admin tool may show one stored value: a JSON-codec value as its JSON, every leaf masked
 * ({@value #MASK}) unless asked, the structure kept; a Java-serialized or encrypted value never (its
 * kind only).
 */
final class MaskedValues {

    /** What a masked leaf shows. */
    static final String MASK = "***";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MaskedValues() {
    }

    /** @return {@code "json"}, {@code "java"}, {@code "encrypted"} or {@code "unreadable"} */
    static String kind(byte[] stored) {
        if (ValueCipher.isEncrypted(stored)) {
            return "encrypted";
        }
        if (JsonValues.isJavaSerialization(stored)) {
            return "java";
        }
        return JsonValues.looksLikeJson(stored) ? "json" : "unreadable";
    }

    /** @return the JSON of a {@code json} value, masked unless {@code unmasked}; {@code null} for every other kind */
    static JsonNode show(byte[] stored, boolean unmasked) {
        if (!kind(stored).equals("json")) {
            return null;
        }
        try {
            JsonNode tree = MAPPER.readTree(stored);
            return unmasked ? tree : mask(tree);
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode mask(JsonNode node) {
        if (node.isObject()) {
            ObjectNode masked = MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                masked.set(field.getKey(), mask(field.getValue()));
            }
            return masked;
        }
        if (node.isArray()) {
            ArrayNode masked = MAPPER.createArrayNode();
            node.forEach(element -> masked.add(mask(element)));
            return masked;
        }
        return TextNode.valueOf(MASK);
    }
}
