package io.herald.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link RequestJson} tells a client about JSON it could not read: Jackson's own messages name its classes
 * and features, so each known one is put in words about the request, and anything unforeseen becomes a generic
 * sentence, never the original.
 */
final class JsonRefusal {
    private static final Pattern UNEXPECTED = Pattern.compile("^Unexpected character \\((.+?) \\(code (\\d+)\\)\\)");

    private JsonRefusal() {}

    /** Jackson's message in plain words; anything unforeseen becomes a generic sentence, never the original. */
    static String explain(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonEOFException) {
            if (m.contains("for Object") || m.contains("Object entries")) {
                return "the body ends before an object is closed (missing '}')";
            }
            if (m.contains("for Array")) return "the body ends before an array is closed (missing ']')";
            if (m.contains("string value") || m.contains("VALUE_STRING") || m.contains("field name")
                    || m.contains("escape")) {
                return "the body ends inside a string (missing '\"')";
            }
            return "the body ends before the JSON value is complete";
        }
        if (e instanceof StreamConstraintsException) {
            if (m.contains("nesting depth")) return "objects and arrays nest too deeply";
            if (m.contains("Number value length")) return "a number has too many digits";
            return "a value is too large";
        }
        if (m.startsWith("Duplicate field '")) {
            return "duplicate key \"" + between(m, "Duplicate field '", "'") + "\" (a key may appear once per object)";
        }
        if (m.startsWith("Trailing token")) return "more data follows the JSON value";
        if (m.startsWith("Unrecognized token ")) {
            return "unexpected \"" + between(m, "Unrecognized token '", "': ")
                    + "\": expected a string, number, object, array, true, false or null";
        }
        if (m.startsWith("Non-standard token ")) {
            return "\"" + between(m, "Non-standard token '", "': ") + "\" is not a JSON value";
        }
        if (m.startsWith("Invalid numeric value: ")) return "invalid number: " + lower(m.substring(23));
        if (m.startsWith("Illegal unquoted character")) {
            return "a control character in a string must be escaped (\\n, \\t, \\u0000...)";
        }
        if (m.startsWith("Unrecognized character escape ")) {
            return "unknown escape \\" + between(m, "escape '", "' (") + " in a string";
        }
        if (m.startsWith("Unexpected close marker ")) {
            String close = "unexpected '" + between(m, "marker '", "':") + "'";
            if (m.contains("expected ']'")) return close + ": an array is open, expected ']'";
            if (m.contains("expected '}'")) return close + ": an object is open, expected '}'";
            return close + ": nothing is open that it could close";
        }
        int numeric = m.indexOf("in numeric value: ");
        if (numeric >= 0) return "invalid number: " + lower(m.substring(numeric + 18));
        Matcher u = UNEXPECTED.matcher(m);
        if (u.find()) return "unexpected " + character(Integer.parseInt(u.group(2))) + expectation(m);
        return "the body is not valid JSON";
    }

    private static String expectation(String m) {
        if (m.contains("a colon to separate")) return ": expected ':' after a key";
        if (m.contains("double-quote to start field name")) return ": expected a key in double quotes";
        if (m.contains("comma to separate Object")) return ": expected ',' or '}'";
        if (m.contains("comma to separate Array")) return ": expected ',' or ']'";
        if (m.contains("expected a value") || m.contains("expected a valid value")) return ": expected a value";
        return "";
    }

    private static String character(int code) {
        if (code < 0x20 || code == 0x7f) return "control character (code " + code + ")";
        if (code == '\'') return "\"'\"";
        return "'" + new String(Character.toChars(code)) + "'";
    }

    /** The text after the first {@code open} up to the last {@code close} (a key may hold quotes itself). */
    private static String between(String m, String open, String close) {
        int from = m.indexOf(open);
        int to = m.lastIndexOf(close);
        return from < 0 || to < from + open.length() ? "" : m.substring(from + open.length(), to);
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
