package io.github.keycloakpin2fa.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against one real Keycloak server (the distribution from Maven Central,
 * in development mode, with this extension and the demo realm), shared by every test class of
 * the run. Test methods and constructors can take a {@link KeycloakServer} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealKeycloakExtension.class)
public @interface RealKeycloak {
}
