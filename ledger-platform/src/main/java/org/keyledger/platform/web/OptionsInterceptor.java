package org.keyledger.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * No ledger route takes {@code OPTIONS} (no browser calls the API across origins): where Spring MVC would answer it
 * with its built-in empty 200, the ledger answers like any other method a route lacks, 405 in the envelope with
 * {@code Allow}.
 */
class OptionsInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (HttpMethod.OPTIONS.matches(request.getMethod()) && handler instanceof HandlerMethod method
                && method.getBeanType().getName().endsWith("$HttpOptionsHandler")) {
            ReflectionUtils.makeAccessible(method.getMethod());
            HttpHeaders headers = (HttpHeaders) method.getMethod().invoke(method.getBean());
            Set<String> allowed = headers.getAllow().stream().map(HttpMethod::name)
                    .filter(name -> !name.equals("OPTIONS")).collect(Collectors.toCollection(java.util.TreeSet::new));
            throw new HttpRequestMethodNotSupportedException(request.getMethod(), allowed);
        }
        return true;
    }
}
