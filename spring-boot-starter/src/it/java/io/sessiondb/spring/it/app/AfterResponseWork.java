package io.sessiondb.spring.it.app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Work an application does after its response is written (an access log, an audit record): 100 ms
 * between the moment Spring MVC has flushed the answer to the client and the end of the request. A
 * session store that saved only at the end of the request would let the client's next request, on the
 * other node, read the session as it was before.
 */
@Component
public class AfterResponseWork extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
