package io.github.keycloakpin2fa.it.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The PIN step's page ({@code pin-login.ftl}) as a user sees it. */
public final class PinLoginPage {

    private final Browser browser;

    public PinLoginPage(Browser browser) {
        this.browser = browser;
        browser.awaitLoginPage("pin-login");
    }

    public String title() {
        return browser.driver().findElement(By.id("kc-page-title")).getText().strip();
    }

    /** "We sent a PIN by text message to +41 ••• ••• 27." */
    public String sentTo() {
        return browser.driver().findElement(By.id("pin-sent-to")).getText().strip();
    }

    public WebElement pinField() {
        return browser.driver().findElement(By.id("pin"));
    }

    public boolean canEnterPin() {
        return !browser.driver().findElements(By.id("pin")).isEmpty();
    }

    /** Types a PIN and submits it with Enter, as most people do. */
    public void enterPin(String pin) {
        WebElement field = pinField();
        field.clear();
        field.sendKeys(pin);
        browser.clickAndWaitForNewPage(browser.driver().findElement(By.id("kc-login")));
    }

    /**
     * Types a PIN and submits the form from a script ({@code form.submit()}), which sends no
     * button and so no {@code action} field.
     */
    public void submitPinByScript(String pin) {
        WebElement field = pinField();
        field.clear();
        field.sendKeys(pin);
        browser.scriptAndWaitForNewPage("arguments[0].form.submit();", field);
    }

    /** The error shown under the PIN field, or null. */
    public String pinError() {
        List<WebElement> errors = browser.driver().findElements(By.id("input-error-pin"));
        return errors.isEmpty() ? null : errors.get(0).getText().strip();
    }

    /** The page's alert (info or error above the form), or null. */
    public String alert() {
        List<WebElement> alerts = browser.driver().findElements(By.cssSelector(".pf-v5-c-alert .kc-feedback-text"));
        return alerts.isEmpty() ? null : alerts.get(0).getText().strip();
    }

    /** "You can have the PIN sent again in 27 seconds.", or null when a resend is possible now. */
    public String resendWait() {
        List<WebElement> wait = browser.driver().findElements(By.id("pin-resend-wait"));
        return wait.isEmpty() ? null : wait.get(0).getText().strip();
    }

    public void askForNewPin() {
        browser.clickAndWaitForNewPage(browser.driver().findElement(By.id("pin-resend")));
    }

    public boolean offersCall() {
        return !browser.driver().findElements(By.id("pin-voice")).isEmpty();
    }

    public void callMeInstead() {
        browser.clickAndWaitForNewPage(browser.driver().findElement(By.id("pin-voice")));
    }

    public boolean offersStartOver() {
        return !browser.driver().findElements(By.id("pin-start-over")).isEmpty();
    }

    public LoginPage startOver() {
        browser.clickAndWaitForNewPage(browser.driver().findElement(By.id("pin-start-over")));
        return LoginPage.current(browser);
    }
}
