<#ftl output_format="plainText">
${msg("pin2faEmailIntro", realmName)}

${pin}

${msg("pin2faEmailIgnore")}
