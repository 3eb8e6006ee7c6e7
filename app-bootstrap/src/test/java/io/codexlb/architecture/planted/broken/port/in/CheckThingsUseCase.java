package io.codexlb.architecture.planted.broken.port.in;

/** Planted: a well-formed use case; nothing reports it. */
public interface CheckThingsUseCase {

  CheckThingsResult check(CheckThingsQuery query);
}
