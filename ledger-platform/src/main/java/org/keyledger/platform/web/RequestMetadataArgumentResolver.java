package org.keyledger.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.keyledger.platform.RequestMetadata;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller method take the authenticated request's {@link RequestMetadata} as a parameter. */
class RequestMetadataArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == RequestMetadata.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Object metadata = request == null ? null : request.getAttribute(LedgerRequestFilter.METADATA_ATTRIBUTE);
        if (metadata == null) {
            throw new IllegalStateException("request was not authenticated by LedgerRequestFilter");
        }
        return metadata;
    }
}
