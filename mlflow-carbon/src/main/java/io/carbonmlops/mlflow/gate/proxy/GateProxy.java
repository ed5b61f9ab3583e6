package io.carbonmlops.mlflow.gate.proxy;

import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The gatekeeper in front of an MLflow server: {@code carbon gate serve}. Run MLflow on a private address and expose
 * only this. Requests reach MLflow unchanged except that {@code Host} names the upstream (MLflow refuses unknown
 * hosts) and {@code Via}/{@code Forwarded} are added; see docs/gate.md for what is inspected.
 */
public final class GateProxy implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private GateProxy(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts listening.
     *
     * @param upstream             MLflow, e.g. {@code http://127.0.0.1:5000}
     * @param listen               address to listen on; port 0 picks a free one
     * @param gate                 the gate, whose ledger has the gate key: every decision is recorded there
     * @param api                  MLflow without credentials: each inspected request is judged with its caller's
     * @param log                  one line per inspected request (never credentials)
     * @throws IllegalArgumentException when the gate cannot sign its decisions (no gate key)
     */
    public static GateProxy start(URI upstream, InetSocketAddress listen, RegistryGate gate, RestRegistryApi api,
            Consumer<String> log) throws Exception {
        Objects.requireNonNull(upstream, "upstream");
        if (!gate.canRecord()) {
            throw new IllegalArgumentException("the gate proxy records every decision as a signed ledger entry and"
                    + " needs a gate key: --gate-key FILE or CARBON_GATE_KEY (carbon ledger keygen)");
        }
        String scheme = upstream.getScheme() == null ? "" : upstream.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (upstream.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("the upstream must be http(s)://host:port, was " + upstream);
        }
        String upstreamBase = upstream.toString().replaceAll("/+$", "");
        String upstreamAuthority = upstream.getPort() < 0 ? upstream.getHost()
                : upstream.getHost() + ":" + upstream.getPort();
        QueuedThreadPool threads = new QueuedThreadPool(256, 8);
        threads.setName("carbon-gate");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        server.addConnector(connector);

        ProxyHandler.Reverse upstreamProxy = new ProxyHandler.Reverse(request -> HttpURI.build(upstreamBase
                + request.getHttpURI().getPath()).query(request.getHttpURI().getQuery())) {
            @Override
            protected void configureHttpClient(HttpClient httpClient) {
                super.configureHttpClient(httpClient);
                httpClient.setMaxConnectionsPerDestination(256);
                httpClient.setConnectTimeout(10_000);
            }
        };
        upstreamProxy.setProxyToServerHost(upstreamAuthority);
        server.setHandler(new GateProxyHandler(upstreamProxy, gate, api, threads, log));
        server.start();
        return new GateProxy(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port} the proxy listens on. */
    public URI uri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Blocks until the server stops (for the command line). */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
