package io.sessiondb.core.testing.app;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A webapp's own session value, in the package the tests put on the allow-list. Test code only. */
public final class Profile implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String name;
    public final List<String> roles = new ArrayList<>();

    public Profile(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Profile p && p.name.equals(name) && p.roles.equals(roles);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
