package io.herald.delivery.net;
public class BlockedAddressException extends java.io.IOException { public BlockedAddressException(String m) { super(m); } }
