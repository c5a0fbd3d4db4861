package io.sessiondb.bench.jmh;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.internal.AttributeCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding and decoding a typical session's attributes with the store's own codec, per codec setting
 * ({@code java}: Java serialization through the default serial filter; {@code json}): a user name, a
 * counter, a locale, a profile map and a cart of five items, each its own attribute as the store keeps them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBench {

    @Param({"JAVA", "JSON"})
    public String codec;

    private AttributeCodec attributeCodec;
    private Map<String, Object> attributes;
    private Map<String, byte[]> encoded;

    @Setup
    public void setUp() {
        attributeCodec = new AttributeCodec(SessiondbConfig.DEFAULT_SERIAL_FILTER, AttributeCodec.Mode.valueOf(codec), "bench");
        attributes = typicalSession();
        encoded = encode();
    }

    /** The attributes of a typical signed-in shop session, in values both codecs store. */
    static Map<String, Object> typicalSession() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("user", "ada.lovelace@example.com");
        a.put("count", 42);
        a.put("locale", "en-GB");
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("name", "Ada Lovelace");
        profile.put("roles", new ArrayList<>(List.of("customer", "beta")));
        profile.put("newsletter", true);
        a.put("profile", profile);
        List<Object> cart = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("sku", "SKU-" + (1000 + i));
            item.put("quantity", i + 1);
            item.put("title", "Item number " + i + " with a longer title");
            cart.add(item);
        }
        a.put("cart", cart);
        return a;
    }

    private Map<String, byte[]> encode() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        attributes.forEach((name, value) -> out.put(name, attributeCodec.serialize(name, value)));
        return out;
    }

    @Benchmark
    public Map<String, byte[]> encodeSession() {
        return encode();
    }

    @Benchmark
    public void decodeSession(Blackhole sink) {
        ClassLoader loader = CodecBench.class.getClassLoader();
        encoded.forEach((name, bytes) -> sink.consume(attributeCodec.deserialize(name, bytes, loader, null)));
    }
}
