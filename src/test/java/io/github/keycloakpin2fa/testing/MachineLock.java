package io.github.keycloakpin2fa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Keycloak of this project per machine (a test run or the run command): ports 8080 and 9000
 * are fixed, so a second one waits here until the first one has stopped its server.
 */
final class MachineLock implements AutoCloseable {

    private static final Path FILE = Path.of(System.getProperty("java.io.tmpdir"), "keycloak-pin-2fa-it.lock");

    private static MachineLock held;
    private static int holders;

    private final FileChannel channel;
    private final FileLock lock;

    private MachineLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** For a server on ports of its own: nothing to wait for. */
    static MachineLock notNeeded() {
        return new MachineLock(null, null);
    }

    /** The machine's lock; shared by the servers of one JVM (a file lock cannot be taken twice). */
    static synchronized MachineLock acquire() {
        if (held == null) {
            held = lockFile();
        }
        holders++;
        return held;
    }

    private static MachineLock lockFile() {
        try {
            FileChannel channel = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                System.err.println("Another Keycloak of keycloak-pin-2fa runs on this machine (the tests or ./mvnw -Prun);"
                        + " waiting until it stops (" + FILE + ")");
                lock = channel.lock();
            }
            return new MachineLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not lock " + FILE, e);
        }
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        synchronized (MachineLock.class) {
            if (--holders > 0) {
                return;
            }
            held = null;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
