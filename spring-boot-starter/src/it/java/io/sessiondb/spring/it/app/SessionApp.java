package io.sessiondb.spring.it.app;

import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plain Boot web application that knows nothing of sessiondb: it uses {@link HttpSession} as any
 * application does. Spring MVC writes each String answer with a {@code Content-Length} and flushes it
 * before the request ends.
 */
@SpringBootApplication
@RestController
public class SessionApp {

    /** A counter: one attribute replaced at each request. */
    @GetMapping("/count")
    public String count(HttpSession session) {
        Integer count = (Integer) session.getAttribute("count");
        count = count == null ? 1 : count + 1;
        session.setAttribute("count", count);
        return count.toString();
    }

    /** A cart: a list set once and then changed in place, with no second {@code setAttribute}. */
    @GetMapping("/cart/add")
    public String addToCart(HttpSession session, @RequestParam("item") String item) {
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) session.getAttribute("cart");
        if (cart == null) {
            cart = new ArrayList<>();
            session.setAttribute("cart", cart);
        }
        cart.add(item);
        return String.join(",", cart);
    }

    @GetMapping("/cart")
    public String cart(HttpSession session) {
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) session.getAttribute("cart");
        return String.join(",", cart == null ? List.of() : cart);
    }

    /** Sets the attribute {@code name} to 1 more than it was: concurrent requests set different attributes. */
    @GetMapping("/inc/{name}")
    public String increment(HttpSession session, @PathVariable("name") String name) {
        Integer value = (Integer) session.getAttribute("n-" + name);
        value = value == null ? 1 : value + 1;
        session.setAttribute("n-" + name, value);
        return value.toString();
    }

    /** @return the {@code n-*} attributes as {@code name=value} lines, sorted */
    @GetMapping("/numbers")
    public String numbers(HttpSession session) {
        Map<String, Object> numbers = new TreeMap<>();
        for (String name : Collections.list(session.getAttributeNames())) {
            if (name.startsWith("n-")) {
                numbers.put(name, session.getAttribute(name));
            }
        }
        StringBuilder out = new StringBuilder();
        numbers.forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
        return out.toString();
    }
}
