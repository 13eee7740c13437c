package org.keyledger.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs nginx with the front door of {@code deploy/front-door/ledger.conf.template}, rendered for the given
 * services the way the nginx image's envsubst renders it for docker compose.
 */
final class FrontDoor implements AutoCloseable {

    private static final Path TEMPLATE = Path.of("..", "deploy", "front-door", "ledger.conf.template");

    private final Process nginx;
    private final int port;

    private FrontDoor(Process nginx, int port) {
        this.nginx = nginx;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/nginx"));
    }

    /** A front door before this ledger's command service and first query service (no Clerk Frontend API). */
    static FrontDoor start(SplitLedger ledger) throws IOException, InterruptedException {
        return start(hostPort(ledger.commandUrl()), hostPort(ledger.queryUrl()));
    }

    static FrontDoor start(SplitLedger ledger, int port, String clerkFrontendApi, String clerkSecretKey)
            throws IOException, InterruptedException {
        return start(hostPort(ledger.commandUrl()), hostPort(ledger.queryUrl()), port, clerkFrontendApi,
                clerkSecretKey);
    }

    /** A front door before any two servers ({@code host:port}). */
    static FrontDoor start(String commandAddress, String queryAddress) throws IOException, InterruptedException {
        return start(commandAddress, queryAddress, freePort(), "http://127.0.0.1:9", "");
    }

    private static String hostPort(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    /**
     * @param clerkFrontendApi where {@code /__clerk/…} other than api_keys goes (CLERK_FRONTEND_API)
     * @param clerkSecretKey   CLERK_SECRET_KEY; CLERK_PROXY_URL is this front door's {@code /__clerk}
     */
    private static FrontDoor start(String commandAddress, String queryAddress, int port, String clerkFrontendApi,
                           String clerkSecretKey) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("front-door");
        String server = Files.readString(TEMPLATE)
                .replace("${COMMAND_SERVICE}", commandAddress)
                .replace("${QUERY_SERVICE}", queryAddress)
                .replace("${LEDGER_PORT}", "127.0.0.1:" + port)
                .replace("${CLERK_FRONTEND_API}", clerkFrontendApi)
                .replace("${CLERK_PROXY_URL}", "http://127.0.0.1:" + port + "/__clerk")
                .replace("${CLERK_SECRET_KEY}", clerkSecretKey);
        Files.writeString(dir.resolve("ledger.conf"), server);
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log stderr warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/ledger.conf;
                }
                """.formatted(dir.toAbsolutePath()));
        Process nginx = new ProcessBuilder("/usr/sbin/nginx", "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening(port)) {
            if (!nginx.isAlive() || System.nanoTime() > deadline) {
                nginx.destroyForcibly();
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.log")));
            }
            Thread.sleep(20);
        }
        return new FrontDoor(nginx, port);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        nginx.destroy();
        if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
            nginx.destroyForcibly();
        }
    }
}
