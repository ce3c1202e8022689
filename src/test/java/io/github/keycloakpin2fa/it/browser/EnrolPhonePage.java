package io.github.keycloakpin2fa.it.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The enrolment's first page ({@code pin-enrol-phone.ftl}): "Add your phone". */
public final class EnrolPhonePage {

    private final Browser browser;

    public EnrolPhonePage(Browser browser) {
        this.browser = browser;
        browser.awaitLoginPage("pin-enrol-phone");
    }

    public String title() {
        return browser.driver().findElement(By.id("kc-page-title")).getText().strip();
    }

    public WebElement phoneField() {
        return browser.driver().findElement(By.id("phone"));
    }

    public void enterPhone(String number) {
        WebElement field = phoneField();
        field.clear();
        field.sendKeys(number);
        browser.clickAndWaitForNewPage(browser.driver().findElement(By.id("pin-send")));
    }

    /** The page's message above the form, or null. */
    public String alert() {
        List<WebElement> alerts = browser.driver().findElements(By.cssSelector(".pf-v5-c-alert .kc-feedback-text"));
        return alerts.isEmpty() ? null : alerts.get(0).getText().strip();
    }

    public String phoneError() {
        List<WebElement> errors = browser.driver().findElements(By.id("input-error-phone"));
        return errors.isEmpty() ? null : errors.get(0).getText().strip();
    }
}
