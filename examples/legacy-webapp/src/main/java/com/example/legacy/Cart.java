package com.example.legacy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A shopping cart kept in the session and changed in place, as legacy code does. */
public class Cart implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> items = new ArrayList<>();

    public void add(String item) {
        items.add(item);
    }

    public void clear() {
        items.clear();
    }

    public List<String> items() {
        return Collections.unmodifiableList(items);
    }
}
