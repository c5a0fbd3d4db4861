package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.Gadget;
import io.sessiondb.core.testing.HostileStreams;
import io.sessiondb.core.testing.app.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoredClassesTest {

    @Test
    void namesEveryClassOfTheStreamWithoutInstantiatingAny() {
        Profile profile = new Profile("alice");
        Map<String, Object> value = new HashMap<>(Map.of("profile", profile, "gadgets", new ArrayList<>(List.of(new Gadget()))));
        int before = Gadget.READS.get();
        Set<String> names = StoredClasses.of(HostileStreams.serialize(value));
        assertEquals(before, Gadget.READS.get(), "no readObject ran");
        assertTrue(names.containsAll(Set.of("java.util.HashMap", "java.util.ArrayList", Profile.class.getName(),
                Gadget.class.getName())), names.toString());
    }

    @Test
    void garbageNamesNothing() {
        assertEquals(Set.of(), StoredClasses.of(new byte[]{1, 2, 3}));
    }

    @Test
    void theCensusProposesTheWebappsPackagesOnly() {
        StoredClasses.Census census = new StoredClasses.Census();
        census.add(HostileStreams.serialize(new ArrayList<>(List.of("a", 1, new byte[2], new Profile("p")))));
        census.add(HostileStreams.serialize(new Profile[]{new Profile("q")}));
        assertEquals(2, census.classes().get(Profile.class.getName()));
        assertEquals("allow:io.sessiondb.core.testing.app.*", census.allowSetting());
        StoredClasses.Census jdkOnly = new StoredClasses.Census();
        jdkOnly.add(HostileStreams.serialize(new HashMap<>(Map.of("k", List.of(1L)))));
        assertNull(jdkOnly.allowSetting(), jdkOnly.classes().toString());
    }
}
