<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('phone'); section>
<!-- template: pin-enrol-phone.ftl -->
    <#if section="header">
        ${msg("pinEnrolTitle")}
    <#elseif section="form">
        <p id="pin-enrol-intro" class="${properties.kcInputHelperTextItemTextClass!}">${msg("pinEnrolIntro")}</p>
        <form id="kc-pin-enrol-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <#assign phoneError = messagesPerField.get('phone')>
            <@field.group name="phone" label=msg("pinPhoneLabel") error=phoneError required=true>
                <span class="${properties.kcInputClass} <#if phoneError?has_content>${properties.kcError}</#if>">
                    <input id="phone" name="phone" type="tel" value="${pinPhone.value}" autocomplete="tel" inputmode="tel" autofocus
                           aria-required="true"
                           aria-describedby="<#if phoneError?has_content>input-error-phone </#if>phone-help"
                           aria-invalid="<#if phoneError?has_content>true<#else>false</#if>"/>
                    <@field.errorIcon error=phoneError/>
                </span>
                <p id="phone-help" class="${properties.kcInputHelperTextItemTextClass!}">${msg("pinPhoneHelp")}</p>
            </@field.group>
            <@buttons.actionGroup>
                <@buttons.button id="pin-send" name="action" label="pinEnrolSend" value="phone"/>
                <#if isAppInitiatedAction??>
                    <@buttons.button id="pin-cancel" name="cancel-aia" label="doCancel" type="secondary" value="true"/>
                </#if>
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
