Attribute VB_Name = "RibbonPmo"
' pmokit's PMO ribbon: one callback per button, each running one entry point of
' generators/excel.py through xlwings' RunPython (module "xlwings" of this add-in).
' Built into pmokit.xlam by addin/build_xlam.py; edit this file, never the add-in.
Option Explicit

Private Sub RunPmo(entry As String)
    If ActiveWorkbook Is Nothing Then
        MsgBox "Open your PMO workbook first.", vbInformation, "pmokit"
        Exit Sub
    End If
    RunPython "import pmokit.generators.excel as pmo; pmo." & entry & "()"
End Sub

Sub PmoSteeringDeck(control As IRibbonControl)
    RunPmo "steering_deck"
End Sub

Sub PmoCharter(control As IRibbonControl)
    RunPmo "charter"
End Sub

Sub PmoProjectPlan(control As IRibbonControl)
    RunPmo "project_plan"
End Sub

Sub PmoValidate(control As IRibbonControl)
    RunPmo "validate"
End Sub

Sub PmoImportFunctions(control As IRibbonControl)
    #If Mac Then
        MsgBox "Excel for Mac cannot run xlwings cell functions; see pmokit's README (Office.js route).", vbInformation, "pmokit"
    #Else
        KillPy
        ImportPythonUDFsToAddin
    #End If
End Sub

Sub PmoRestartPython(control As IRibbonControl)
    #If Mac Then
    #Else
        KillPy
    #End If
End Sub
