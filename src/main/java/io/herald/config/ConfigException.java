package io.herald.config;
public class ConfigException extends RuntimeException { public ConfigException(String m) { super(m); } }
