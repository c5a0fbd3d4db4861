package io.sessiondb.cli.migrate.testapp;

import java.io.Serializable;
import java.util.Objects;

/** Stands for a class of the webapp kept in its sessions. */
public final class Profile implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final int level;

    public Profile(String name, int level) {
        this.name = name;
        this.level = level;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Profile p && p.name.equals(name) && p.level == level;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, level);
    }

    @Override
    public String toString() {
        return "Profile[" + name + ", " + level + "]";
    }
}
