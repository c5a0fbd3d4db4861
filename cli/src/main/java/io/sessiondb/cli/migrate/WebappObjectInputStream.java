package io.sessiondb.cli.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;

/**
 * An {@link ObjectInputStream} that resolves classes with the webapp's class loader, as the
 * containers' own streams do, and checks every class against sessiondb's serial filter. It
 * remembers the last class the filter rejected, so that a report can name it.
 */
final class WebappObjectInputStream extends ObjectInputStream {

    private final ClassLoader loader;
    private volatile String rejectedClass;

    WebappObjectInputStream(InputStream in, ClassLoader loader, ObjectInputFilter filter) throws IOException {
        super(in);
        this.loader = loader;
        setObjectInputFilter(info -> {
            ObjectInputFilter.Status status = filter.checkInput(info);
            if (status == ObjectInputFilter.Status.REJECTED) {
                rejectedClass = info.serialClass() == null ? null : info.serialClass().getName();
            }
            return status;
        });
    }

    /** @return the class the serial filter rejected last, or {@code null} */
    String rejectedClass() {
        return rejectedClass;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        try {
            return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
            return super.resolveClass(desc); // primitives and arrays of them
        }
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
        Class<?>[] classes = new Class<?>[interfaces.length];
        for (int i = 0; i < interfaces.length; i++) {
            classes[i] = Class.forName(interfaces[i], false, loader);
        }
        @SuppressWarnings("deprecation")
        Class<?> proxy = Proxy.getProxyClass(loader, classes);
        return proxy;
    }
}
