package org.keyledger.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
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

    /** In front of the ledger's command service and its first query service. */
    static FrontDoor start(SplitLedger ledger) throws IOException, InterruptedException {
        return start(hostPort(ledger.commandUrl()), hostPort(ledger.queryUrl()));
    }

    private static String hostPort(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    static FrontDoor start(String commandAddress, String queryAddress) throws IOException, InterruptedException {
        int port = freePort();
        Path dir = Files.createTempDirectory("front-door");
        String server = Files.readString(TEMPLATE)
                .replace("${COMMAND_SERVICE}", commandAddress)
                .replace("${QUERY_SERVICE}", queryAddress)
                .replace("${LEDGER_PORT}", "127.0.0.1:" + port);
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

    private static int freePort() {
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
