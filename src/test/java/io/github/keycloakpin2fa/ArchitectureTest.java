package io.github.keycloakpin2fa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.Entity;

/**
 * The layers of the README's "How it works", checked on every build: engine (plain Java) at the
 * bottom; storage on it; delivery on both; the PIN service on those; the front doors (2FA API,
 * login flow, admin API) on top, with the phone credential below the login flow. A lower layer
 * never uses a higher one, no two top-level packages use each other, and only storage knows
 * the JPA entities.
 */
@AnalyzeClasses(packages = "io.github.keycloakpin2fa", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.github.keycloakpin2fa";

    @ArchTest
    static final ArchRule the_engine_is_plain_java_with_no_keycloak_and_no_other_layer = noClasses()
            .that().resideInAPackage(ROOT + ".engine..")
            .should().dependOnClassesThat().resideOutsideOfPackages(ROOT + ".engine..", "java..", "javax.crypto..",
                    // Google's phone-number library: plain Java, shaded into the JAR (see README).
                    "com.google.i18n.phonenumbers..")
            .because("the engine reads like Infobip's specification and is tested without a server");

    @ArchTest
    static final ArchRule no_two_top_level_packages_depend_on_each_other = slices()
            .matching(ROOT + ".(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layers_point_one_way = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("engine").definedBy(ROOT + ".engine..")
            .layer("storage").definedBy(ROOT + ".storage..")
            .layer("delivery").definedBy(ROOT + ".delivery..")
            .layer("service").definedBy(ROOT + ".service..")
            .layer("credential").definedBy(ROOT + ".credential..")
            .layer("api").definedBy(ROOT + ".api..")
            .layer("login").definedBy(ROOT + ".login..")
            .layer("admin").definedBy(ROOT + ".admin..")
            .whereLayer("api").mayNotBeAccessedByAnyLayer()
            .whereLayer("login").mayNotBeAccessedByAnyLayer()
            .whereLayer("admin").mayNotBeAccessedByAnyLayer()
            .whereLayer("credential").mayOnlyBeAccessedByLayers("login")
            .whereLayer("service").mayOnlyBeAccessedByLayers("api", "login", "admin")
            .whereLayer("delivery").mayOnlyBeAccessedByLayers("service", "api", "login", "admin")
            .whereLayer("storage").mayOnlyBeAccessedByLayers("delivery", "service", "api", "login", "admin")
            .whereLayer("engine").mayOnlyBeAccessedByLayers("storage", "delivery", "service", "credential", "api", "login", "admin");

    @ArchTest
    static final ArchRule only_storage_touches_jpa_entities = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".storage..")
            .should().dependOnClassesThat().areAnnotatedWith(Entity.class)
            .because("the PIN store speaks the engine's types; its entities stay inside storage");

    @ArchTest
    static final ArchRule the_front_doors_do_not_use_jpa = noClasses()
            .that().resideInAnyPackage(ROOT + ".api..", ROOT + ".login..", ROOT + ".admin..", ROOT + ".service..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.persistence..");

    @ArchTest
    static final ArchRule http_statuses_live_only_in_the_api = noClasses()
            .that().resideOutsideOfPackages(ROOT + ".api..", ROOT + ".admin..")
            .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.ws.rs.core.Response$Status")
            .because("the service answers in domain terms; the API maps them onto HTTP");
}
