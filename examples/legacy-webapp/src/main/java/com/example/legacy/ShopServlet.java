package com.example.legacy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * The whole legacy webapp: a visit counter and a cart, in the HTTP session, with no idea where the
 * session is kept. The cart is changed in place: it is put in the session once and never set again.
 */
public class ShopServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final List<String> PRODUCTS = List.of("coffee", "tea", "croissant", "bagel");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = request.getParameter("action");
        if ("logout".equals(action)) {
            HttpSession old = request.getSession(false);
            if (old != null) {
                old.invalidate();
            }
            response.sendRedirect(request.getContextPath() + "/");
            return;
        }
        if ("rotate".equals(action) && request.getSession(false) != null) {
            request.changeSessionId();
        }
        HttpSession session = request.getSession();
        Integer visits = (Integer) session.getAttribute("visits");
        visits = visits == null ? 1 : visits + 1;
        session.setAttribute("visits", visits);
        Cart cart = (Cart) session.getAttribute("cart");
        if (cart == null) {
            cart = new Cart();
            session.setAttribute("cart", cart);
        }
        String add = request.getParameter("add");
        if (add != null && PRODUCTS.contains(add)) {
            cart.add(add); // in place: no second setAttribute
        }
        if ("empty".equals(action)) {
            cart.clear();
        }
        if ("text/plain".equals(request.getParameter("format"))) {
            plain(response, session, visits, cart);
        } else {
            page(request, response, session, visits, cart);
        }
    }

    private static String node(HttpServletRequest request) {
        return System.getProperty("legacy.node", request.getServerName() + ":" + request.getLocalPort());
    }

    private static void plain(HttpServletResponse response, HttpSession session, int visits, Cart cart) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("visits=" + visits);
        out.println("cart=" + String.join(",", cart.items()));
        out.println("session=" + session.getId().substring(0, 8));
    }

    private static void page(HttpServletRequest request, HttpServletResponse response, HttpSession session, int visits,
                             Cart cart) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        String base = request.getContextPath() + "/";
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Legacy shop</title>");
        out.println("<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}"
                + "h1{font-weight:600}.card{border:1px solid #ddd;border-radius:.5rem;padding:1rem 1.25rem;margin:1rem 0}"
                + "dt{color:#666;font-size:.85rem}dd{margin:0 0 .6rem 0;font-size:1.1rem}"
                + "a.button{display:inline-block;margin:.2rem .3rem .2rem 0;padding:.4rem .8rem;border-radius:.4rem;"
                + "background:#2d6cdf;color:#fff;text-decoration:none}a.muted{background:#777}"
                + "code{background:#f3f3f3;padding:.1rem .3rem;border-radius:.2rem}</style></head><body>");
        out.println("<h1>Legacy shop</h1>");
        out.println("<p>This webapp knows nothing of where its sessions are kept.</p>");
        out.println("<div class=\"card\"><dl>");
        out.println("<dt>served by node</dt><dd><code>" + escape(node(request)) + "</code></dd>");
        out.println("<dt>session</dt><dd><code>" + escape(session.getId().substring(0, 8)) + "&hellip;</code></dd>");
        out.println("<dt>visits in this session</dt><dd>" + visits + "</dd>");
        out.println("<dt>cart</dt><dd>" + (cart.items().isEmpty() ? "empty" : escape(String.join(", ", cart.items())))
                + "</dd>");
        out.println("</dl></div><p>");
        for (String product : PRODUCTS) {
            out.println("<a class=\"button\" href=\"" + base + "?add=" + product + "\">add " + product + "</a>");
        }
        out.println("</p><p><a class=\"button muted\" href=\"" + base + "?action=empty\">empty cart</a>"
                + "<a class=\"button muted\" href=\"" + base + "?action=rotate\">new session id</a>"
                + "<a class=\"button muted\" href=\"" + base + "?action=logout\">log out</a></p>");
        out.println("<p><small>sessions created on this node: " + SessionCounter.CREATED.get() + ", destroyed: "
                + SessionCounter.DESTROYED.get() + "</small></p></body></html>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
