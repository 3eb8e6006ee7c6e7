package io.codexlb.bootstrap.server;

import io.codexlb.bootstrap.config.ServerConfig;
import java.net.BindException;

/** A listener could not start; knows which setting chose its port, to tell the operator. */
public final class ListenerStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ServerConfig.Listen listen;

  ListenerStartException(ServerConfig.Listen listen, Throwable cause) {
    super("cannot listen on " + listen.host() + ":" + listen.port(), cause);
    this.listen = listen;
  }

  /** The address that could not be bound. */
  public ServerConfig.Listen listen() {
    return listen;
  }

  /** Whether the port is taken (or the address is not one of this machine's). */
  public boolean addressInUse() {
    for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }
}
