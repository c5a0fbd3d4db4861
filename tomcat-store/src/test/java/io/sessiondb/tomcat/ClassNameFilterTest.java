package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class ClassNameFilterTest {

    private static final String TOMCAT_DEFAULT = "java\\.lang\\.(?:Boolean|Integer|Long|Number|String)";

    @Test
    void acceptsAMatchingClass() throws Exception {
        assertEquals(42, read(42, new ClassNameFilter(TOMCAT_DEFAULT, false)));
    }

    @Test
    void rejectsAClassTheManagerFilterDoesNotName() {
        assertThrows(InvalidClassException.class, () -> read(new ArrayList<>(), new ClassNameFilter(TOMCAT_DEFAULT, false)));
    }

    private static Object read(Object value, ClassNameFilter filter) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        }
    }
}
