package io.github.keycloakpin2fa.it.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The enrolment's second page ({@code pin-enrol-confirm.ftl}): "Confirm your phone". */
public final class EnrolConfirmPage {

    private final Browser browser;

    public EnrolConfirmPage(Browser browser) {
        this.browser = browser;
        browser.awaitLoginPage("pin-enrol-confirm");
    }

    public String sentTo() {
        return browser.driver().findElement(By.id("pin-sent-to")).getText().strip();
    }

    public WebElement pinField() {
        return browser.driver().findElement(By.id("pin"));
    }

    public void confirm(String pin) {
        WebElement field = pinField();
        field.clear();
        field.sendKeys(pin);
        browser.clickAndWaitForNewPage(browser.driver().findElement(By.id("pin-confirm")));
    }

    public String pinError() {
        List<WebElement> errors = browser.driver().findElements(By.id("input-error-pin"));
        return errors.isEmpty() ? null : errors.get(0).getText().strip();
    }

    public EnrolPhonePage useAnotherNumber() {
        browser.clickAndWaitForNewPage(browser.driver().findElement(By.id("pin-change-number")));
        return new EnrolPhonePage(browser);
    }
}
