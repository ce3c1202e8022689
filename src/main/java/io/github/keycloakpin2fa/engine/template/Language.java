package io.github.keycloakpin2fa.engine.template;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The languages of Infobip's message templates (they choose the voice and the language of the
 * voice message). Codes are matched exactly, in lower case as Infobip writes them: {@code pt_pt}
 * is a language, {@code pt_PT}, {@code EN} and {@code pt-pt} are not.
 */
public enum Language {
    EN("en"), ES("es"), CA("ca"), DA("da"), NL("nl"), FR("fr"), DE("de"), IT("it"), JA("ja"), KO("ko"),
    NO("no"), PL("pl"), RU("ru"), SV("sv"), FI("fi"), HR("hr"), SL("sl"), RO("ro"), PT_PT("pt_pt"),
    PT_BR("pt_br"), ZH_CN("zh_cn"), ZH_TW("zh_tw");

    /** The validation message for an unknown code. */
    public static final String ONE_OF = "must be one of "
            + Arrays.stream(values()).map(Language::code).collect(Collectors.joining(", "));

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** Infobip's code, such as {@code pt_br}. */
    public String code() {
        return code;
    }

    /** The language with exactly this code, if any. */
    public static Optional<Language> fromCode(String code) {
        return Arrays.stream(values()).filter(language -> language.code.equals(code)).findFirst();
    }
}
