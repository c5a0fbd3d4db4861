package io.sessiondb.core.internal;

import io.sessiondb.core.LogText;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counters by class name, bounded: class names come from stored rows, so the first
 * {@value #MAX_CLASSES} distinct names get a counter each and every later one is counted under
 * {@link #OTHER}. Names are made safe with {@link LogText#of} before they become keys.
 */
public final class ClassCounts {

    /** Most class names counted one by one: {@value}. */
    public static final int MAX_CLASSES = 100;
    /** The key of every class name past {@link #MAX_CLASSES}. */
    public static final String OTHER = "(other)";
    /** The key when the bytes failed before naming a class. */
    public static final String UNKNOWN = "(unknown)";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<Consumer<String>> newKeyListeners = new CopyOnWriteArrayList<>();

    /** Counts one for {@code className} ({@code null}: {@link #UNKNOWN}). */
    public void increment(String className) {
        String key = className == null ? UNKNOWN : LogText.of(className);
        LongAdder counter = counts.get(key);
        if (counter == null) {
            counter = add(key);
        }
        counter.increment();
    }

    private synchronized LongAdder add(String key) {
        LongAdder existing = counts.get(key);
        if (existing != null) {
            return existing;
        }
        String bounded = counts.size() < MAX_CLASSES ? key : OTHER;
        LongAdder counter = counts.get(bounded);
        if (counter == null) {
            counter = new LongAdder();
            counts.put(bounded, counter);
            for (Consumer<String> listener : newKeyListeners) {
                listener.accept(bounded);
            }
        }
        return counter;
    }

    /** @return the count of one key, 0 when it has none */
    public long get(String key) {
        LongAdder counter = counts.get(key);
        return counter == null ? 0 : counter.sum();
    }

    /** @return every key with its count, sorted by key */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, counter) -> copy.put(key, counter.sum()));
        return copy;
    }

    /**
     * Calls {@code listener} with each key as it gets its counter (at most {@link #MAX_CLASSES} + 1
     * times), and now with every key that has one already; a key that appears meanwhile may be passed
     * twice, so the listener must take a key it has seen.
     */
    public void onNewKey(Consumer<String> listener) {
        newKeyListeners.add(listener);
        counts.keySet().forEach(listener);
    }
}
