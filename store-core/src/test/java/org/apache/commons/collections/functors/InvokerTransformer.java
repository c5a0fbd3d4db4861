package org.apache.commons.collections.functors;

import java.io.Serializable;

/** A harmless stand-in with the name of a well-known gadget class, for the serial filter tests. */
public final class InvokerTransformer implements Serializable {
    private static final long serialVersionUID = 1L;
}
