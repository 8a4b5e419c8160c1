package io.shoal.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Shell-like word splitting as {@code google/shlex} does it, for {@code --entrypoint} and
 * {@code --args}: whitespace separates words, single quotes are literal, double quotes and
 * backslashes escape, and {@code #} at the start of a word begins a comment.
 */
public final class Shlex {
    private Shlex() {}

    public static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#' && !inWord) {
                // a comment runs to the end of the line
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'') {
                inWord = true;
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("EOF found when expecting closing quote");
                }
                word.append(s, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                inWord = true;
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("EOF found when expecting closing quote");
                    }
                    char d = s.charAt(i);
                    if (d == '"') {
                        i++;
                        break;
                    }
                    if (d == '\\') {
                        if (i + 1 >= s.length()) {
                            throw new IllegalArgumentException("EOF found after escape character");
                        }
                        word.append(s.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    word.append(d);
                    i++;
                }
            } else if (c == '\\') {
                inWord = true;
                if (i + 1 >= s.length()) {
                    throw new IllegalArgumentException("EOF found after escape character");
                }
                word.append(s.charAt(i + 1));
                i += 2;
            } else {
                inWord = true;
                word.append(c);
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
