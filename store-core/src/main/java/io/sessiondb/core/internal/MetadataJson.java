package io.sessiondb.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/** The metadata document: a flat JSON object of strings. */
public final class MetadataJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> TYPE = new TypeReference<>() {
    };

    private MetadataJson() {
    }

    /**
     * Writes and reads one document, so that Jackson's first use (loading its classes and building its
     * serializers, a second or more on a busy machine) happens at start and not in the first request's save.
     */
    public static void warmUp() {
        try {
            read(write(Map.of("warm", "up")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata JSON does not read back", e);
        }
    }

    public static String write(Map<String, String> metadata) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata cannot be written as JSON", e);
        }
    }

    /**
     * @return the map; an empty map for {@code null} (no document stored)
     * @throws JsonProcessingException when the document is not JSON or not a flat object of strings
     *                                 (a JSON {@code null} document reads as an empty map)
     */
    public static Map<String, String> read(String json) throws JsonProcessingException {
        if (json == null || json.equals("{}")) {
            return Map.of();
        }
        Map<String, String> map = MAPPER.readValue(json, TYPE);
        return map == null ? Map.of() : map;
    }
}
