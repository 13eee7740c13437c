package org.keyledger.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a controller method take, as a parameter of {@code type}, what {@link LedgerRequestFilter} put on the request
 * under {@code attribute}: the request's {@code RequestMetadata} (always there once authenticated) or its
 * {@code Session} (null when an instance key authenticated it).
 */
record RequestAttributeArgumentResolver(Class<?> type, String attribute, boolean required)
        implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == type;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Object value = request == null ? null : request.getAttribute(attribute);
        if (value == null && required) {
            throw new IllegalStateException("request was not authenticated by LedgerRequestFilter");
        }
        return value;
    }
}
