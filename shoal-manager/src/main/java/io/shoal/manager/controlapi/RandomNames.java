package io.shoal.manager.controlapi;

import java.util.List;
import java.util.random.RandomGenerator;

/** Docker-style names ({@code adjective_surname}) for services created without a name. */
final class RandomNames {
    private static final List<String> ADJECTIVES = List.of(
            "admiring", "amazing", "awesome", "blissful", "bold", "brave", "busy", "charming", "clever",
            "compassionate", "confident", "cool", "dazzling", "determined", "eager", "ecstatic", "elastic",
            "elegant", "epic", "exciting", "fervent", "festive", "focused", "friendly", "frosty", "gallant",
            "gifted", "gracious", "happy", "hopeful", "inspiring", "jolly", "keen", "kind", "laughing",
            "loving", "lucid", "magical", "modest", "nice", "nifty", "optimistic", "peaceful", "practical",
            "priceless", "quirky", "relaxed", "serene", "sharp", "stoic", "sweet", "tender", "trusting",
            "upbeat", "vibrant", "vigilant", "wizardly", "youthful", "zealous", "zen");
    private static final List<String> SURNAMES = List.of(
            "agnesi", "archimedes", "babbage", "bardeen", "bohr", "boole", "borg", "cannon", "carson",
            "curie", "darwin", "dijkstra", "einstein", "euclid", "euler", "faraday", "fermat", "fermi",
            "feynman", "franklin", "galileo", "gauss", "goldberg", "goodall", "hamilton", "hawking",
            "heisenberg", "hertz", "hopper", "hypatia", "johnson", "kepler", "knuth", "lamarr", "lamport",
            "liskov", "lovelace", "maxwell", "mayer", "mcclintock", "meitner", "mendel", "newton", "noether",
            "pascal", "pasteur", "planck", "ritchie", "shannon", "sinoussi", "tesla", "thompson", "torvalds",
            "turing", "volta", "wiles", "williams", "wozniak", "wright", "yonath");

    private final RandomGenerator random;

    RandomNames(RandomGenerator random) {
        this.random = random;
    }

    String next() {
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_" + SURNAMES.get(random.nextInt(SURNAMES.size()));
    }
}
