package org.keyledger.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.keyledger.platform.RequestMetadata;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * What every service's OpenAPI document shares (springdoc builds the operations from the controllers): the API's
 * description, the instance-key bearer scheme on every operation, and Clerk's error envelope as the answer to
 * anything but success. Each service adds its own group ("writes", "reads"); the Swagger UI lists both.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class OpenApiAutoConfiguration {

    private static final String BEARER = "instanceKey";
    private static final String ERROR = "ClerkError";

    static {
        // filled in by the ledger (RequestAttributeArgumentResolver), not sent by the client
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(RequestMetadata.class);
    }

    @Bean
    OpenAPI ledgerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Key ledger API").version("v1")
                        .description("Clerk's Backend API for API keys, served by the key ledger. Every route is "
                                + "also served without the /v1 prefix (under /api_keys), where @clerk/backend sends "
                                + "it. Authenticate with an instance secret key: Authorization: Bearer <key>."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("an instance secret key (LEDGER_SECRET_KEYS)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** 401 on every operation, and Clerk's error envelope as the default answer. */
    @Bean
    GlobalOpenApiCustomizer clerkErrorResponses() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            // here rather than on the OpenAPI bean: springdoc replaces the schemas with those it found
            openApi.getComponents().addSchemas(ERROR, errorEnvelope());
            Content error = new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR)));
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                operation.getResponses().addApiResponse("401",
                        new ApiResponse().description("no or unknown instance key").content(error));
                operation.getResponses().addApiResponse("default", new ApiResponse()
                        .description("an error in Clerk's envelope: 400 names the parameter in meta.param_name, "
                                + "404 not found, 409 name taken, 503 retry")
                        .content(error));
            }));
        };
    }

    private static Schema<?> errorEnvelope() {
        Schema<?> meta = new Schema<>().type("object").addProperty("param_name", new Schema<>().type("string"));
        Schema<?> error = new Schema<>().type("object")
                .addProperty("message", new Schema<>().type("string"))
                .addProperty("long_message", new Schema<>().type("string"))
                .addProperty("code", new Schema<>().type("string"))
                .addProperty("meta", meta);
        return new Schema<>().type("object")
                .addProperty("errors", new Schema<>().type("array").items(error))
                .addProperty("clerk_trace_id", new Schema<>().type("string")
                        .description("the request id, also in the X-Request-Id header and the audit trail"));
    }
}
