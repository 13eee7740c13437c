package org.keyledger.system.robust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what ordinary clients refuse to send: any method, a path and query string exactly
 * as given ({@code %ZZ}, {@code %00}, raw {@code ?%}), any header. One request per connection.
 */
public final class RawHttp {

    /** An answer as it arrived: status, headers (names lower-cased, last value wins) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
    }

    private RawHttp() {
    }

    public static Answer send(String baseUrl, String method, String target, Map<String, String> headers, byte[] body) {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException refused) {
                    // the server may answer (413) and close before reading a large body: read its answer
                }
            }
            out.flush();
            return read(socket.getInputStream(), method.equals("HEAD"));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    public static Answer send(String baseUrl, String method, String target, Map<String, String> headers) {
        return send(baseUrl, method, target, headers, null);
    }

    private static Answer read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            if (all.size() == 0) {
                throw e;
            }
        }
        byte[] bytes = all.toByteArray();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete answer: " + text);
        }
        List<String> lines = List.of(text.substring(0, end).split("\r\n"));
        int status = Integer.parseInt(lines.get(0).split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        String body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(rest)
                : new String(rest, StandardCharsets.UTF_8);
        return new Answer(status, headers, head ? "" : body);
    }

    private static String dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < chunked.length) {
            int lineEnd = i;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(length, chunked.length - lineEnd - 2));
            i = lineEnd + 2 + length + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
