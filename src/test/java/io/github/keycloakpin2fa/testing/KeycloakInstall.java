package io.github.keycloakpin2fa.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A Keycloak distribution unpacked from the zip that Maven fetched from Maven Central, with our
 * provider JAR in {@code providers/} and the realms of {@code realm-config/} in
 * {@code data/import/}. Shared by the run command and the integration tests.
 */
final class KeycloakInstall {

    private final Path home;

    /** An install already unpacked at {@code home} (tests of this class make one by hand). */
    KeycloakInstall(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    /** Unpacks the zip into {@code home} unless that version is already there. */
    static KeycloakInstall unpack(Path zip, Path home) {
        Path marker = home.resolve(".unpacked-from-" + zip.getFileName());
        if (Files.exists(marker)) {
            return new KeycloakInstall(home);
        }
        try {
            deleteRecursively(home);
            Files.createDirectories(home);
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = archive.entries();
                while (entries.hasMoreElements()) {
                    extract(archive, entries.nextElement(), home);
                }
            }
            try (Stream<Path> scripts = Files.list(home.resolve("bin"))) {
                for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
                    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Files.createFile(marker);
            return new KeycloakInstall(home);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + zip + " into " + home, e);
        }
    }

    /**
     * Puts the provider JAR into {@code providers/} unless the same bytes are already there:
     * Keycloak re-augments (about 20 s) whenever the file changes.
     */
    KeycloakInstall withProvider(Path providerJar) {
        if (!Files.isRegularFile(providerJar)) {
            throw new IllegalStateException("No provider JAR at " + providerJar + ": run the package phase first");
        }
        Path installed = home.resolve("providers").resolve(providerJar.getFileName());
        try {
            if (!Files.exists(installed) || Files.mismatch(providerJar, installed) != -1) {
                copy(providerJar, installed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * {@link #withProvider}, with every other JAR taken out of {@code providers/}: an install that
     * runs different builds in turn (the benchmark's second server, {@code -Dbench.compare}) would
     * otherwise keep the JAR of the build before, and Keycloak refuses to start with two copies of
     * the extension (two files with the path of its Liquibase changelog).
     */
    KeycloakInstall withOnlyProvider(Path providerJar) {
        try (Stream<Path> jars = Files.list(home.resolve("providers"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar") && !p.getFileName().equals(providerJar.getFileName())).toList()) {
                Files.delete(jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withProvider(providerJar);
    }

    /** Copies every realm JSON of {@code realmConfig} into {@code data/import/}. */
    KeycloakInstall withRealmImports(Path realmConfig) {
        Path imports = home.resolve("data").resolve("import");
        try (Stream<Path> realms = Files.list(realmConfig)) {
            Files.createDirectories(imports);
            for (Path realm : realms.filter(p -> p.toString().endsWith(".json")).toList()) {
                copy(realm, imports.resolve(realm.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Forgets every realm and user: the next start imports {@code realm-config/} afresh. */
    KeycloakInstall withEmptyDatabase() {
        deleteRecursively(home.resolve("data").resolve("h2"));
        return this;
    }

    private static void extract(ZipFile archive, ZipEntry entry, Path home) throws IOException {
        String name = entry.getName();
        int slash = name.indexOf('/');
        String relative = slash < 0 ? "" : name.substring(slash + 1); // strip "keycloak-x.y.z/"
        if (relative.isEmpty()) {
            return;
        }
        Path target = home.resolve(relative).normalize();
        if (!target.startsWith(home)) {
            throw new IOException("Zip entry outside the install folder: " + name);
        }
        if (entry.isDirectory()) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = archive.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + path, e);
        }
    }
}
