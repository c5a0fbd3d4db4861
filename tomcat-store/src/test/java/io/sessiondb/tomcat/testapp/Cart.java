package io.sessiondb.tomcat.testapp;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A session attribute the test webapp mutates in place, never setting it again. */
public final class Cart implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> items = new ArrayList<>();

    public void add(String item) {
        items.add(item);
    }

    @Override
    public String toString() {
        return String.join(",", items);
    }
}
