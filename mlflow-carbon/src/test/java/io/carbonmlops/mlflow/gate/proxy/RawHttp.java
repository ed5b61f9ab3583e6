package io.carbonmlops.mlflow.gate.proxy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends one request byte for byte over a socket, so tests can use request targets and methods that URI-checking
 * HTTP clients refuse to send (backslashes, lower-case methods, doubled slashes).
 */
final class RawHttp {
    /**
     * @param head the status line and headers, as received
     * @param continued whether the server sent {@code 100 Continue} before the final response
     */
    record Reply(int status, String body, String head, boolean continued) {}

    private RawHttp() {}

    /** Sends the body chunked ({@code Transfer-Encoding: chunked}) in two chunks instead of with a length. */
    static Reply sendChunked(int port, String method, String target, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        int half = content.length / 2;
        String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(120_000); // MLflow 2.x re-hashes the password on every request: slow under load
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            writeChunk(out, content, 0, half);
            writeChunk(out, content, half, content.length - half);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private static void writeChunk(OutputStream out, byte[] content, int offset, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(content, offset, length);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    static Reply send(int port, String method, String target, Map<String, String> headers, String body)
            throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(120_000); // MLflow 2.x re-hashes the password on every request: slow under load
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] interim = headers.containsKey("Expect") ? awaitContinue(socket) : new byte[0];
            out.write(content);
            out.flush();
            return parse(new SequenceInputStream(new ByteArrayInputStream(interim), socket.getInputStream()));
        }
    }

    /**
     * Like curl: waits up to a second for the server's {@code 100 Continue} before sending the body, and returns what
     * arrived meanwhile (the interim response, or nothing) so the reply still parses whole.
     */
    private static byte[] awaitContinue(Socket socket) throws IOException {
        ByteArrayOutputStream interim = new ByteArrayOutputStream();
        socket.setSoTimeout(1000);
        try {
            InputStream in = socket.getInputStream();
            while (!interim.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                interim.write(next);
            }
        } catch (SocketTimeoutException noInterimResponse) {
            // the server reads the body without asking for it: send it anyway
        }
        socket.setSoTimeout(120_000);
        return interim.toByteArray();
    }

    private static Reply parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String received = all.toString(StandardCharsets.ISO_8859_1);
        String text = skipInterimResponses(received);
        int statusStart = text.indexOf(' ') + 1;
        int status = Integer.parseInt(text.substring(statusStart, statusStart + 3));
        int bodyStart = text.indexOf("\r\n\r\n");
        String rawBody = bodyStart < 0 ? "" : text.substring(bodyStart + 4);
        if (text.substring(0, Math.max(bodyStart, 0)).toLowerCase().contains("transfer-encoding: chunked")) {
            rawBody = dechunk(rawBody);
        }
        return new Reply(status, new String(rawBody.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                text.substring(0, Math.max(bodyStart, 0)), received.startsWith("HTTP/1.1 100 "));
    }

    /**
     * A server may answer {@code Expect: 100-continue} with an interim {@code 100 Continue} before the final response
     * (RFC 9110 15.2), depending on whether the body had arrived when the application first read it.
     */
    private static String skipInterimResponses(String text) {
        String rest = text;
        while (rest.startsWith("HTTP/1.1 1") && rest.contains("\r\n\r\n")) {
            rest = rest.substring(rest.indexOf("\r\n\r\n") + 4);
        }
        return rest;
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", i);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(i, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            i = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
